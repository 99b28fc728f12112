package dev.archgov.rules.lock;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * LOCK-01, every acquire is released on every path, exceptions included: the JVM's locks, Curator's mutex and
 * Redisson's, released directly, in a same-class helper or in a utility of another class (silent), and the leaks.
 */
class LockReleasedOnAllPathsRuleTest {
    @TempDir
    Path dir;

    @Test
    void releasedInFinallyDirectlyOrThroughHelpers() {
        CompactTest.of(dir, "lock").source("""
                package org.apache.curator.framework.recipes.locks;
                public interface InterProcessLock {
                    void acquire() throws Exception;
                    boolean acquire(long time, java.util.concurrent.TimeUnit unit) throws Exception;
                    void release() throws Exception;
                }
                """).source("""
                package org.apache.curator.framework.recipes.locks;
                public class InterProcessMutex implements InterProcessLock {
                    public void acquire() {}
                    public boolean acquire(long time, java.util.concurrent.TimeUnit unit) { return true; }
                    public void release() {}
                }
                """).source("""
                package shop.util;
                import java.util.concurrent.locks.Lock;
                public final class LockUtils {
                    public static void unlockQuietly(Lock lock) {
                        try { lock.unlock(); } catch (IllegalMonitorStateException ignored) { }
                    }
                }
                """).source("""
                package shop;
                import java.util.concurrent.locks.ReentrantLock;
                import org.apache.curator.framework.recipes.locks.InterProcessMutex;
                import shop.util.LockUtils;
                public class Inventory {
                    private final ReentrantLock lock = new ReentrantLock();
                    private final InterProcessMutex mutex = new InterProcessMutex();
                    private int count;
                    public void leaksOnException() {
                        lock.lock(); // expect: LOCK-01
                        count = compute();
                        lock.unlock();
                    }
                    public void curatorLeaksOnException() throws Exception {
                        mutex.acquire(); // expect: LOCK-01
                        count = compute();
                        mutex.release();
                    }
                    /** Correct: finally. */
                    public void releasedInFinally() {
                        lock.lock();
                        try { count = compute(); } finally { lock.unlock(); }
                    }
                    /** Correct: Curator in finally. */
                    public void curatorInFinally() throws Exception {
                        mutex.acquire();
                        try { count = compute(); } finally { mutex.release(); }
                    }
                    /** Correct: a same-class helper releases. */
                    public void releasedByHelper() {
                        lock.lock();
                        try { count = compute(); } finally { release(); }
                    }
                    /** Correct: a utility of another class releases the lock it is handed. */
                    public void releasedByUtility() {
                        lock.lock();
                        try { count = compute(); } finally { LockUtils.unlockQuietly(lock); }
                    }
                    private void release() { lock.unlock(); }
                    private int compute() { return count + 1; }
                }
                """).assertMarkersOf(2, "LOCK-01");
    }

    /**
     * Logging, console output and the current thread's id between the acquire and the try cannot throw: the lock is
     * released on every path. A real call in the same place can, and leaks the lock.
     */
    @Test
    void loggingBeforeTheTryIsNotAWayOut() {
        CompactTest.of(dir, "lock").source("""
                package org.slf4j;
                public interface Logger { void info(String format, Object arg); }
                """).source("""
                package shop;
                import java.util.concurrent.locks.ReentrantLock;
                public class Catalog {
                    private final ReentrantLock lock = new ReentrantLock();
                    private org.slf4j.Logger log;
                    public void logsFirst() {
                        lock.lock();
                        System.out.println("locked by " + Thread.currentThread().getId());
                        log.info("locked {}", Thread.currentThread().getName());
                        try { load(); } finally { lock.unlock(); }
                    }
                    public void worksFirst() {
                        lock.lock(); // expect: LOCK-01
                        load();
                        try { load(); } finally { lock.unlock(); }
                    }
                    void load() {}
                }
                """).assertMarkersOf(1, "LOCK-01");
    }

    /** Hold counts: a reentrant lock acquired twice must be released twice on every path; nested pairs are correct. */
    @Test
    void aReentrantLockIsReleasedOncePerAcquire() {
        CompactTest.of(dir, "lock").source("""
                package shop;
                import java.util.concurrent.locks.ReentrantLock;
                public class Ledger {
                    private final ReentrantLock lock = new ReentrantLock();
                    private long total;
                    public void twiceOnce(long amount) {
                        lock.lock(); // expect: LOCK-01
                        lock.lock();
                        try { total += amount; } finally { lock.unlock(); }
                    }
                    /** Correct: each acquire has its own release. */
                    public void nested(long amount) {
                        lock.lock();
                        try {
                            lock.lock();
                            try { total += amount; } finally { lock.unlock(); }
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                """).assertMarkersOf(1, "LOCK-01");
    }
}
