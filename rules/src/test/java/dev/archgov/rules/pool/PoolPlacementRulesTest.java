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
                """).source("""
                package render;
                import java.util.Map;
                import java.util.concurrent.ConcurrentHashMap;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                /** Correct: one pool per registered model, kept in the registry. */
                public class PoolRegistry {
                    private final Map<String, GenericObjectPool<StringBuilder>> pools = new ConcurrentHashMap<>();
                    public void register(String key) {
                        GenericObjectPool<StringBuilder> pool = new GenericObjectPool<>(new Object());
                        pools.put(key, pool);
                    }
                    public StringBuilder borrow(String key) throws Exception {
                        return pools.get(key).borrowObject();
                    }
                    public void giveBack(String key, StringBuilder sb) {
                        pools.get(key).returnObject(sb);
                    }
                }
                """).source("""
                package render;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                public class PoolFactory {
                    /** A pool factory method: silent itself, its callers are judged. */
                    public GenericObjectPool<StringBuilder> newPool() {
                        GenericObjectPool<StringBuilder> pool = new GenericObjectPool<>(new Object());
                        return pool;
                    }
                }
                """).source("""
                package render;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                public class Reports {
                    private final PoolFactory factory = new PoolFactory();
                    private GenericObjectPool<StringBuilder> shared;
                    public String render(String text) throws Exception {
                        GenericObjectPool<StringBuilder> pool = factory.newPool(); // expect: POOL-05
                        StringBuilder sb = pool.borrowObject();
                        try { return sb.append(text).toString(); } finally { pool.returnObject(sb); pool.close(); }
                    }
                    /** Correct: built once and kept. */
                    public void init() {
                        shared = factory.newPool();
                    }
                }
                """).assertMarkersOf(2, "POOL-05", "POOL-04");
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
