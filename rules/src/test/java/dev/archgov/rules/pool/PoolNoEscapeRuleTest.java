package dev.archgov.rules.pool;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * POOL-04, a borrowed object does not escape the borrowing method: stored in a field, or returned to callers who may
 * use it after it went back. A private borrow helper whose callers all give the object back, and a pool subclass's own
 * borrow method, hand it over by design and stay silent.
 */
class PoolNoEscapeRuleTest {
    @TempDir
    Path dir;

    @Test
    void escapesAndTheHandOversThatAreByDesign() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source("""
                package ftp;
                public class FtpClient {
                    public void upload(String name) {}
                }
                """).source("""
                package ftp;
                import org.apache.commons.pool2.ObjectPool;
                public class FtpService {
                    private final ObjectPool<FtpClient> pool;
                    private FtpClient current;
                    FtpService(ObjectPool<FtpClient> pool) { this.pool = pool; }
                    public void keepsIt() throws Exception {
                        current = pool.borrowObject(); // expect: POOL-04
                    }
                    public FtpClient handsItOut() throws Exception {
                        return pool.borrowObject(); // expect: POOL-04
                    }
                    /** Correct: a private helper whose callers all give the object back in finally. */
                    private FtpClient client() throws Exception {
                        return pool.borrowObject();
                    }
                    public void upload(String name) throws Exception {
                        FtpClient c = client();
                        try { c.upload(name); } finally { pool.returnObject(c); }
                    }
                    public void uploadTwice(String name) throws Exception {
                        FtpClient c = client();
                        try { c.upload(name); c.upload(name); } finally { pool.returnObject(c); }
                    }
                }
                """).source("""
                package ftp;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                /** Correct: the pool's own borrow method lends. */
                public class FtpPool extends GenericObjectPool<FtpClient> {
                    @Override
                    public FtpClient borrowObject() throws Exception {
                        return super.borrowObject();
                    }
                }
                """).assertMarkersOf(2, "POOL-04");
    }
}
