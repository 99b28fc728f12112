package dev.archgov.rules.pool;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * POOL-05 (a pool is built once, not per call) and POOL-07 (thread-locals are removed on every path), each with the
 * correct form beside the violation.
 */
class PoolPlacementRulesTest {
    @TempDir
    Path dir;


    @Test
    void poolsAreBuiltOnceNotPerCall() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source("""
                package report;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                public class Renderer {
                    private final GenericObjectPool<StringBuilder> shared = new GenericObjectPool<>(new Object());
                    public String render(String text) throws Exception {
                        GenericObjectPool<StringBuilder> pool = new GenericObjectPool<>(new Object()); // expect: POOL-05
                        StringBuilder sb = pool.borrowObject();
                        try { return sb.append(text).toString(); } finally { pool.returnObject(sb); }
                    }
                    /** Correct: the pool built once in the field initialiser (the constructor) is shared. */
                    public String renderShared(String text) throws Exception {
                        StringBuilder sb = shared.borrowObject();
                        try { return sb.append(text).toString(); } finally { shared.returnObject(sb); }
                    }
                }
                """).assertMarkersOf(1, "POOL-05");
    }

    @Test
    void threadLocalsAreRemovedOnEveryPath() {
        CompactTest.of(dir, "pool").source("""
                package web;
                public class RequestContext {
                    private static final ThreadLocal<String> USER = new ThreadLocal<>();
                    public String handle(String user) {
                        USER.set(user); // expect: POOL-07
                        String result = work();
                        USER.remove();
                        return result;
                    }
                    /** Correct: removed in finally. */
                    public String handleSafely(String user) {
                        USER.set(user);
                        try { return work(); } finally { USER.remove(); }
                    }
                    private String work() { return USER.get().toUpperCase(); }
                }
                """).assertMarkersOf(1, "POOL-07");
    }
}
