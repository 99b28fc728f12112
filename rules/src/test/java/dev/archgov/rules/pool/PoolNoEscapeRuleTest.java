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

    /**
     * A handler that keeps what the application's own lending method ({@code pool.getConnection()}) lent in a field
     * until a separate {@code close()}: the object outlives the call that borrowed it. The lending method itself
     * (its class takes the object back through its own method) stays silent, as does a caller that keeps it local.
     */
    @Test
    void whatALendingMethodLentKeptInAField() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source("""
                package es;
                public class EsClient {
                    public void delete(String id) {}
                }
                """).source("""
                package es;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                /** Correct: lends, and takes back through its own returnConnection. */
                public class EsPool {
                    private final GenericObjectPool<EsClient> internal = new GenericObjectPool<>();
                    public EsClient getConnection() throws Exception { return internal.borrowObject(); }
                    public void returnConnection(EsClient c) { internal.returnObject(c); }
                }
                """).source("""
                package es;
                public class DeleteHandler {
                    private final EsPool pool = new EsPool();
                    private EsClient client;
                    public void builder() throws Exception {
                        this.client = pool.getConnection(); // expect: POOL-04
                    }
                    public void delete(String id) { client.delete(id); }
                    public void close() { pool.returnConnection(client); }
                    /** Correct: borrowed and given back in one method. */
                    public void deleteNowAndLater(String id) throws Exception {
                        EsClient c = pool.getConnection();
                        try { c.delete(id); } finally { pool.returnConnection(c); }
                    }
                }
                """).source("""
                package es;
                /** Correct: an AutoCloseable session holding what it borrowed until close() gives it back (try-with-resources). */
                public class Session implements AutoCloseable {
                    private final EsPool pool = new EsPool();
                    private final EsClient client;
                    public Session() throws Exception { this.client = pool.getConnection(); }
                    public void delete(String id) { client.delete(id); }
                    @Override
                    public void close() { pool.returnConnection(client); }
                }
                """).assertMarkersOf(1, "POOL-04");
    }
}
