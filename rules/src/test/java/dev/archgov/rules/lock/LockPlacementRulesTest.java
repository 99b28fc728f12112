package dev.archgov.rules.lock;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * LOCK-03 (acquire before the try whose finally releases), LOCK-06 (locks in the service layer, not in web classes) and
 * LOCK-07 (no self-invocation of proxied methods), each with the correct form beside the violation.
 */
class LockPlacementRulesTest {
    @TempDir
    Path dir;

    static final String SPRING = """
            package org.springframework.web.bind.annotation;
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            public @interface RestController {}
            """;
    static final String TRANSACTIONAL = """
            package org.springframework.transaction.annotation;
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            public @interface Transactional {}
            """;

    @Test
    void acquireBeforeTheTry() {
        CompactTest.of(dir, "lock").source("""
                package shop;
                import java.util.concurrent.locks.ReentrantLock;
                public class Ledger {
                    private final ReentrantLock lock = new ReentrantLock();
                    private long total;
                    public void insideTheTry(long amount) {
                        try {
                            lock.lock(); // expect: LOCK-03
                            total += amount;
                        } finally {
                            lock.unlock();
                        }
                    }
                    /** Correct: acquired before the try. */
                    public void beforeTheTry(long amount) {
                        lock.lock();
                        try { total += amount; } finally { lock.unlock(); }
                    }
                    /** Correct: inside the try, but the release is guarded by isHeldByCurrentThread(). */
                    public void guardedRelease(long amount) {
                        try {
                            lock.lock();
                            total += amount;
                        } finally {
                            if (lock.isHeldByCurrentThread()) {
                                lock.unlock();
                            }
                        }
                    }
                }
                """).assertMarkersOf(1, "LOCK-03");
    }

    @Test
    void locksBelongInTheServiceLayerNotInControllers() {
        CompactTest.of(dir, "lock").source(SPRING).source("""
                package shop.web;
                import java.util.concurrent.locks.ReentrantLock;
                import org.springframework.web.bind.annotation.RestController;
                @RestController
                public class StockController {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int stock;
                    public int take() {
                        lock.lock(); // expect: LOCK-06
                        try { return --stock; } finally { lock.unlock(); }
                    }
                }
                """).source("""
                package shop.service;
                import java.util.concurrent.locks.ReentrantLock;
                /** Correct: the service layer takes the lock. */
                public class StockService {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int stock;
                    public int take() {
                        lock.lock();
                        try { return --stock; } finally { lock.unlock(); }
                    }
                }
                """).source("""
                package shop.lock;
                import java.util.concurrent.locks.Lock;
                import java.util.concurrent.locks.ReentrantLock;
                /** The application's lock wrapper: one method acquires, another releases. */
                public class LockExecutor {
                    public Lock tryLock(String key) {
                        Lock lock = new ReentrantLock();
                        return lock.tryLock() ? lock : null;
                    }
                    public void unlock(Lock lock) {
                        if (lock != null) { lock.unlock(); }
                    }
                }
                """).source("""
                package shop.web;
                import java.util.concurrent.locks.Lock;
                import org.springframework.web.bind.annotation.RestController;
                import shop.lock.LockExecutor;
                import shop.service.StockService;
                @RestController
                public class LockController {
                    private final LockExecutor executor = new LockExecutor();
                    private final StockService stock = new StockService();
                    public String lock(String key) {
                        Lock lock = executor.tryLock(key); // expect: LOCK-06
                        try { return "ok"; } finally { executor.unlock(lock); }
                    }
                    /** Correct: the service locks and unlocks inside. */
                    public int take() {
                        return stock.take();
                    }
                }
                """).assertMarkersOf(2, "LOCK-06");
    }

    @Test
    void proxiedMethodsAreCalledThroughTheProxy() {
        CompactTest.of(dir, "lock").source(TRANSACTIONAL).source("""
                package shop;
                import org.springframework.transaction.annotation.Transactional;
                public class OrderService {
                    private OrderService self;
                    private int orders;
                    public void importAll(int n) {
                        for (int i = 0; i < n; i++) {
                            place(); // expect: LOCK-07
                        }
                    }
                    /** Correct: through the injected proxy. */
                    public void importAllThroughProxy(int n) {
                        for (int i = 0; i < n; i++) {
                            self.place();
                        }
                    }
                    @Transactional
                    public void place() { orders++; }
                }
                """).assertMarkersOf(1, "LOCK-07");
    }
}
