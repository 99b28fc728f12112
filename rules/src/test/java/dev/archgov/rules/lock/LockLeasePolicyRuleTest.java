package dev.archgov.rules.lock;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * LOCK-05 under the default policy (the watchdog renews Redisson leases; a fixed lease disables it): fixed leases given
 * to Redisson directly and through the application's own lock wrappers, reported where the constant is chosen; leases
 * left to the watchdog (none, or -1) and leases the code cannot know (configuration) stay silent.
 */
class LockLeasePolicyRuleTest {
    @TempDir
    Path dir;

    @Test
    void fixedLeasesDirectlyAndThroughWrappers() {
        CompactTest.of(dir, "lock").source("""
                package org.redisson.api;
                public interface RLock extends java.util.concurrent.locks.Lock {
                    boolean tryLock(long waitTime, long leaseTime, java.util.concurrent.TimeUnit unit) throws InterruptedException;
                    void lock(long leaseTime, java.util.concurrent.TimeUnit unit);
                }
                """).source("""
                package org.redisson.api;
                public interface RedissonClient { RLock getLock(String name); }
                """).source("""
                package shop.lock;
                import java.util.concurrent.TimeUnit;
                import org.redisson.api.*;
                public class DistributedLock {
                    private final RedissonClient redisson;
                    public DistributedLock(RedissonClient redisson) { this.redisson = redisson; }
                    public boolean tryLock(String key, long wait, long lease, TimeUnit unit) throws InterruptedException {
                        return redisson.getLock(key).tryLock(wait, lease, unit);
                    }
                    public boolean tryLockSeconds(String key, long wait, long lease) throws InterruptedException {
                        return tryLock(key, wait, lease, TimeUnit.SECONDS);
                    }
                    public void unlock(String key) { redisson.getLock(key).unlock(); }
                }
                """).source("""
                package shop;
                import java.util.concurrent.TimeUnit;
                import org.redisson.api.*;
                import shop.lock.DistributedLock;
                public class Jobs {
                    private final RedissonClient redisson;
                    private final DistributedLock locks;
                    private final long configuredLease;
                    Jobs(RedissonClient redisson, DistributedLock locks, long configuredLease) {
                        this.redisson = redisson; this.locks = locks; this.configuredLease = configuredLease;
                    }
                    public void direct() {
                        RLock lock = redisson.getLock("job");
                        lock.lock(10, TimeUnit.SECONDS); // expect: LOCK-05
                        try { run(); } finally { lock.unlock(); }
                    }
                    public void throughWrapper() throws InterruptedException {
                        if (locks.tryLock("job", 2, 5, TimeUnit.SECONDS)) { // expect: LOCK-05
                            try { run(); } finally { locks.unlock("job"); }
                        }
                    }
                    public void throughTwoWrappers() throws InterruptedException {
                        if (locks.tryLockSeconds("job", 2, 30)) { // expect: LOCK-05
                            try { run(); } finally { locks.unlock("job"); }
                        }
                    }
                    /** Correct: -1 leaves the lease to the watchdog. */
                    public void watchdog() throws InterruptedException {
                        if (locks.tryLock("job", 2, -1, TimeUnit.SECONDS)) {
                            try { run(); } finally { locks.unlock("job"); }
                        }
                    }
                    /** Undecidable from bytecode: the lease comes from configuration. */
                    public void configured() throws InterruptedException {
                        if (locks.tryLock("job", 2, configuredLease, TimeUnit.SECONDS)) {
                            try { run(); } finally { locks.unlock("job"); }
                        }
                    }
                    private void run() {}
                }
                """).assertMarkersOf(3, "LOCK-05");
    }
}
