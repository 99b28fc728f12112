package dev.archgov.rules.lock;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOCK-02, a lock taken and released inside a transaction (released before the commit: oversell), in the idioms real
 * code uses: the lock API itself, the JVM's locks, and the application's own wrappers (a static utility, an injected
 * lock service behind an interface, a template that locks around a callback). Each violating idiom has a correct twin
 * that stays silent: the lock taken around the transactional call, or a lock that the transaction does not release.
 */
class LockInsideTransactionRuleTest {
    @TempDir
    Path dir;

    static final String TRANSACTIONAL = """
            package org.springframework.transaction.annotation;
            public @interface Transactional {}
            """;
    static final String RLOCK = """
            package org.redisson.api;
            public interface RLock extends java.util.concurrent.locks.Lock {
                boolean tryLock(long waitTime, long leaseTime, java.util.concurrent.TimeUnit unit) throws InterruptedException;
                boolean isHeldByCurrentThread();
            }
            """;
    static final String REDISSON = """
            package org.redisson.api;
            public interface RedissonClient { RLock getLock(String name); }
            """;

    CompactTest test() {
        return CompactTest.of(dir, "lock").source(TRANSACTIONAL).source(RLOCK).source(REDISSON);
    }

    @Test
    void lockApiAndJvmLocksInsideTheTransaction() {
        test().source("""
                package shop;
                import java.util.concurrent.locks.ReentrantLock;
                import org.redisson.api.*;
                import org.springframework.transaction.annotation.Transactional;
                public class Stock {
                    private final RedissonClient redisson;
                    private final ReentrantLock jvmLock = new ReentrantLock();
                    private int count;
                    Stock(RedissonClient redisson) { this.redisson = redisson; }
                    @Transactional
                    public void sellWithRedisson() {
                        RLock lock = redisson.getLock("stock");
                        lock.lock(); // expect: LOCK-02
                        try { count--; } finally { lock.unlock(); }
                    }
                    @Transactional
                    public void sellWithJvmLock() {
                        jvmLock.lock(); // expect: LOCK-02
                        try { count--; } finally { jvmLock.unlock(); }
                    }
                    @Transactional
                    public void sellSynchronized() {
                        synchronized (this) { // expect: LOCK-02
                            count--;
                        }
                    }
                    /** Correct: the lock is taken around the transactional call, by a caller outside the transaction. */
                    public void sellLockedAround(Stock transactional) {
                        RLock lock = redisson.getLock("stock");
                        lock.lock();
                        try { transactional.sellWithoutLock(); } finally { lock.unlock(); }
                    }
                    @Transactional
                    public void sellWithoutLock() { count--; }
                }
                """).assertMarkersOf(3, "LOCK-02");
    }

    @Test
    void staticLockUtilityAroundTheWork() {
        test().source("""
                package shop.util;
                import java.util.concurrent.TimeUnit;
                import org.redisson.api.*;
                public final class RedisLockUtil {
                    private static RedissonClient redisson;
                    public static boolean tryLock(String key, long wait, long lease) {
                        try { return redisson.getLock(key).tryLock(wait, lease, TimeUnit.SECONDS); }
                        catch (InterruptedException e) { Thread.currentThread().interrupt(); return false; }
                    }
                    public static void unlock(String key) {
                        RLock lock = redisson.getLock(key);
                        if (lock.isHeldByCurrentThread()) { lock.unlock(); }
                    }
                }
                """).source("""
                package shop;
                import org.springframework.transaction.annotation.Transactional;
                import shop.util.RedisLockUtil;
                public class FlashSale {
                    private int stock;
                    @Transactional
                    public boolean buy(long itemId) {
                        if (!RedisLockUtil.tryLock("item:" + itemId, 1, 10)) { // expect: LOCK-02
                            return false;
                        }
                        try { stock--; return true; } finally { RedisLockUtil.unlock("item:" + itemId); }
                    }
                    /** Correct: lock, then call the transactional method through its proxy, then unlock. */
                    public boolean buyLockedAround(FlashSale proxy, long itemId) {
                        if (!RedisLockUtil.tryLock("item:" + itemId, 1, 10)) {
                            return false;
                        }
                        try { return proxy.decrement(); } finally { RedisLockUtil.unlock("item:" + itemId); }
                    }
                    @Transactional
                    public boolean decrement() { stock--; return true; }
                }
                """).assertMarkersOf(1, "LOCK-02");
    }

    /**
     * A lock client the summaries cannot see into (it takes the lock by reflection): silent until the contract declares
     * its methods ({@code acquires}/{@code releases}), then reported like any wrapper.
     */
    @Test
    void declaredLockApisTheSummariesCannotSee() {
        String client = """
                package shop.util;
                public final class ReflectiveLocks {
                    public static boolean acquire(String key) { return invoke("tryLock", key); }
                    public static void release(String key) { invoke("unlock", key); }
                    private static boolean invoke(String method, String key) {
                        try { return (Boolean) Class.forName("com.vendor.Locks").getMethod(method, String.class).invoke(null, key); }
                        catch (ReflectiveOperationException e) { throw new IllegalStateException(e); }
                    }
                }
                """;
        String sale = """
                package shop;
                import org.springframework.transaction.annotation.Transactional;
                import shop.util.ReflectiveLocks;
                public class Tickets {
                    private int left;
                    @Transactional
                    public boolean buy(long showId) {
                        if (!ReflectiveLocks.acquire("show:" + showId)) { // expect: LOCK-02
                            return false;
                        }
                        try { left--; return true; } finally { ReflectiveLocks.release("show:" + showId); }
                    }
                }
                """;
        assertThat(test().source(client).source(sale).check().findings()).noneMatch(f -> f.ruleId().equals("LOCK-02"));
        test().source(client).source(sale).contract("""
                rules:
                  - id: LOCK-02
                    params:
                      acquires: [shop.util.ReflectiveLocks.acquire]
                      releases: [shop.util.ReflectiveLocks.release]
                """).assertMarkersOf(1, "LOCK-02");
    }

    @Test
    void injectedLockServiceBehindAnInterfaceAndALockTemplate() {
        test().source("""
                package shop.lock;
                public interface DistributedLock {
                    boolean acquire(String key);
                    void release(String key);
                    <T> T withLock(String key, java.util.function.Supplier<T> work);
                }
                """).source("""
                package shop.lock;
                import org.redisson.api.*;
                public class RedissonDistributedLock implements DistributedLock {
                    private final RedissonClient redisson;
                    public RedissonDistributedLock(RedissonClient redisson) { this.redisson = redisson; }
                    public boolean acquire(String key) { return redisson.getLock(key).tryLock(); }
                    public void release(String key) { redisson.getLock(key).unlock(); }
                    public <T> T withLock(String key, java.util.function.Supplier<T> work) {
                        RLock lock = redisson.getLock(key);
                        lock.lock();
                        try { return work.get(); } finally { lock.unlock(); }
                    }
                }
                """).source("""
                package shop.lock;
                public class ProductCache {
                    private final DistributedLock locks;
                    private final java.util.Map<Long, Integer> prices = new java.util.HashMap<>();
                    public ProductCache(DistributedLock locks) { this.locks = locks; }
                    public int price(long id) {
                        Integer cached = prices.get(id);
                        if (cached != null) { return cached; }
                        if (locks.acquire("rebuild:" + id)) {
                            try { prices.put(id, 42); } finally { locks.release("rebuild:" + id); }
                        }
                        return prices.getOrDefault(id, 0);
                    }
                }
                """).source("""
                package shop;
                import org.springframework.transaction.annotation.Transactional;
                import shop.lock.DistributedLock;
                public class Orders {
                    private final DistributedLock locks;
                    private int stock;
                    Orders(DistributedLock locks) { this.locks = locks; }
                    @Transactional
                    public void place(long id) {
                        if (locks.acquire("order:" + id)) { // expect: LOCK-02
                            try { stock--; } finally { locks.release("order:" + id); }
                        }
                    }
                    @Transactional
                    public int placeWithTemplate(long id) {
                        return locks.withLock("order:" + id, () -> --stock); // expect: LOCK-02
                    }
                    /** Correct: a lock the transaction takes but does not release (released after completion elsewhere). */
                    @Transactional
                    public void reserve(long id) {
                        locks.acquire("reservation:" + id);
                        stock--;
                    }
                    /** Correct: a callee that locks around its own work (a cache rebuild under a mutex), not the transaction's writes. */
                    @Transactional
                    public int placeReadingACache(long id, shop.lock.ProductCache cache) {
                        stock -= cache.price(id);
                        return stock;
                    }
                    /** Correct: not transactional. */
                    public void placeOutside(long id) {
                        if (locks.acquire("order:" + id)) {
                            try { stock--; } finally { locks.release("order:" + id); }
                        }
                    }
                }
                """).assertMarkersOf(2, "LOCK-02");
    }
}
