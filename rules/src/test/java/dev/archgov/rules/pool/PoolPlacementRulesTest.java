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
                    private final java.util.Map<String, GenericObjectPool<StringBuilder>> byHost = new java.util.HashMap<>();
                    /** A get-or-create registry: each host's pool is built once and kept. */
                    private GenericObjectPool<StringBuilder> poolFor(String host) {
                        GenericObjectPool<StringBuilder> pool = byHost.get(host);
                        if (pool == null) {
                            pool = new GenericObjectPool<>(new Object());
                            byHost.put(host, pool);
                        }
                        return pool;
                    }
                    /** Correct: the registry's pool is shared, not built per call. */
                    public String renderOn(String host, String text) throws Exception {
                        GenericObjectPool<StringBuilder> pool = poolFor(host);
                        StringBuilder sb = pool.borrowObject();
                        try { return sb.append(text).toString(); } finally { pool.returnObject(sb); }
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

    /**
     * A request context copied onto an executor's thread and never reset, and an aspect that sets a thread-local in
     * {@code @Before} but removes it only in {@code @AfterReturning}: both leave the value on a pooled thread. An
     * aspect that also removes it in {@code @AfterThrowing}, and a task that resets the context in finally, are correct.
     */
    @Test
    void threadLocalsThatOutliveTheTask() {
        CompactTest.of(dir, "pool").source("""
                package org.springframework.web.context.request;
                public abstract class RequestContextHolder {
                    public static Object getRequestAttributes() { return null; }
                    public static void setRequestAttributes(Object attributes) {}
                    public static void resetRequestAttributes() {}
                }
                """).source("""
                package org.aspectj.lang.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Before { String value(); }
                """).source("""
                package org.aspectj.lang.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface AfterReturning { String pointcut(); }
                """).source("""
                package org.aspectj.lang.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface AfterThrowing { String pointcut(); }
                """).source("""
                package orders;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.Executor;
                import org.springframework.web.context.request.RequestContextHolder;
                public class Confirm {
                    public void confirm(Executor executor) {
                        Object attributes = RequestContextHolder.getRequestAttributes();
                        CompletableFuture.runAsync(() -> {
                            RequestContextHolder.setRequestAttributes(attributes); // expect: POOL-07
                            work();
                        }, executor);
                    }
                    static void work() {}
                }
                """).source("""
                package orders;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.Executor;
                import org.springframework.web.context.request.RequestContextHolder;
                /** Correct: the task resets the context it set. */
                public class ConfirmCarefully {
                    public void confirm(Executor executor) {
                        Object attributes = RequestContextHolder.getRequestAttributes();
                        CompletableFuture.runAsync(() -> {
                            RequestContextHolder.setRequestAttributes(attributes);
                            try { Confirm.work(); } finally { RequestContextHolder.resetRequestAttributes(); }
                        }, executor);
                    }
                }
                """).source("""
                package orders;
                import java.util.Date;
                import org.aspectj.lang.annotation.AfterReturning;
                import org.aspectj.lang.annotation.Before;
                public class TimingAspect {
                    private static final ThreadLocal<Date> BEGIN = new ThreadLocal<>();
                    @Before("log()")
                    public void before() {
                        BEGIN.set(new Date()); // expect: POOL-07
                    }
                    @AfterReturning(pointcut = "log()")
                    public void after() {
                        BEGIN.remove();
                    }
                }
                """).source("""
                package orders;
                import java.util.Date;
                import org.aspectj.lang.annotation.AfterReturning;
                import org.aspectj.lang.annotation.AfterThrowing;
                import org.aspectj.lang.annotation.Before;
                /** Correct: removed after a normal return and after an exception. */
                public class CarefulTimingAspect {
                    private static final ThreadLocal<Date> BEGIN = new ThreadLocal<>();
                    @Before("log()")
                    public void before() {
                        BEGIN.set(new Date());
                    }
                    @AfterReturning(pointcut = "log()")
                    public void after() {
                        BEGIN.remove();
                    }
                    @AfterThrowing(pointcut = "log()")
                    public void failed() {
                        BEGIN.remove();
                    }
                }
                """).source("""
                package rpc;
                public final class TraceContext {
                    private static final ThreadLocal<String> TRACE = new ThreadLocal<>();
                    public static void setTrace(String trace) { TRACE.set(trace); }
                    public static String getTrace() { return TRACE.get(); }
                    public static void clearTrace() { TRACE.remove(); }
                }
                """).source("""
                package rpc;
                public class ServiceHandler {
                    public void handle(String trace) {
                        TraceContext.setTrace(trace); // expect: POOL-07
                        invoke();
                    }
                    void invoke() {}
                }
                """).source("""
                package rpc;
                /** Correct: the handler clears the trace it set. */
                public class CarefulServiceHandler {
                    public void handle(String trace) {
                        TraceContext.setTrace(trace);
                        try { invoke(); } finally { TraceContext.clearTrace(); }
                    }
                    void invoke() {}
                }
                """).assertMarkersOf(3, "POOL-07");
    }
}
