package dev.archgov.rules.pool;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * POOL-03, every borrowed object goes back on every path: directly, and through the application's own helpers
 * called from {@code finally} (which must stay silent), with the leaks beside them.
 */
class PoolBorrowReturnRuleTest {
    @TempDir
    Path dir;


    @Test
    void returnedDirectlyOrThroughAHelperCalledFromFinally() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source("""
                package ftp;
                public class FtpClient {
                    public void upload(String name) {}
                }
                """).source("""
                package ftp;
                import org.apache.commons.pool2.ObjectPool;
                public class FtpService {
                    private final ObjectPool<FtpClient> pool;
                    FtpService(ObjectPool<FtpClient> pool) { this.pool = pool; }
                    public void leaks(String name) throws Exception {
                        FtpClient client = pool.borrowObject(); // expect: POOL-03
                        client.upload(name);
                        pool.returnObject(client);
                    }
                    /** Correct: returned in finally. */
                    public void returnsInFinally(String name) throws Exception {
                        FtpClient client = pool.borrowObject();
                        try { client.upload(name); } finally { pool.returnObject(client); }
                    }
                    /** Correct: a helper called from finally gives it back. */
                    public void returnsThroughHelper(String name) throws Exception {
                        FtpClient client = pool.borrowObject();
                        try { client.upload(name); } finally { returnToPool(client); }
                    }
                    /** Correct: a null-checked close helper of another class gives it back. */
                    public void returnsThroughUtility(String name) throws Exception {
                        FtpClient client = pool.borrowObject();
                        try { client.upload(name); } finally { PoolUtils.close(pool, client); }
                    }
                    /** Leaks: the helper is called, but not on the exceptional path. */
                    public void helperNotInFinally(String name) throws Exception {
                        FtpClient client = pool.borrowObject(); // expect: POOL-03
                        client.upload(name);
                        returnToPool(client);
                    }
                    private void returnToPool(FtpClient client) {
                        try { pool.returnObject(client); } catch (Exception e) { throw new IllegalStateException(e); }
                    }
                }
                """).source("""
                package ftp;
                import org.apache.commons.pool2.ObjectPool;
                public final class PoolUtils {
                    public static <T> void close(ObjectPool<T> pool, T obj) {
                        if (obj == null) {
                            return;
                        }
                        try { pool.returnObject(obj); } catch (Exception e) { throw new IllegalStateException(e); }
                    }
                }
                """).assertMarkersOf(2, "POOL-03");
    }
}
