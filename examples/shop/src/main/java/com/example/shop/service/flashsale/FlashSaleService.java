package com.example.shop.service.flashsale;

import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

@Service
public class FlashSaleService {
    private final RedissonClient redisson;
    private final StockLedger ledger;
    private final LockRegistry registry;
    private final StringRedisTemplate redis;

    public FlashSaleService(RedissonClient redisson, StockLedger ledger, LockRegistry registry, StringRedisTemplate redis) {
        this.redisson = redisson;
        this.ledger = ledger;
        this.registry = registry;
        this.redis = redis;
    }

    // Wrong: the lock is released in the finally, before the transaction commits (oversell).
    @Transactional
    public void buyInsideTransaction(long sku) {
        RLock lock = redisson.getLock("sku:" + sku);
        lock.lock(); // expect: LOCK-02
        try {
            ledger.decrement(sku);
        } finally {
            lock.unlock();
        }
    }

    // Right: lock outside, transaction inside (lock -> proxy -> @Transactional).
    public void buy(long sku) {
        RLock lock = redisson.getLock("sku:" + sku);
        lock.lock();
        try {
            ledger.decrement(sku);
        } finally {
            lock.unlock();
        }
    }

    // Right: the release is registered to run after the transaction completes.
    @Transactional
    public void buyReleasingAfterCompletion(long sku) {
        RLock lock = redisson.getLock("sku:" + sku);
        lock.lock();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                lock.unlock();
            }
        });
        ledger.decrement(sku);
    }

    // Right: Spring Integration's lock registry, released in a finally, outside any transaction.
    public void buyWithRegistry(long sku) {
        Lock lock = registry.obtain("sku:" + sku);
        lock.lock();
        try {
            ledger.decrement(sku);
        } finally {
            lock.unlock();
        }
    }

    // Wrong: a fixed lease switches Redisson's watchdog off.
    public void buyWithFixedLease(long sku) {
        RLock lock = redisson.getLock("sku:" + sku);
        lock.lock(10, TimeUnit.SECONDS); // expect: LOCK-05
        try {
            ledger.decrement(sku);
        } finally {
            lock.unlock();
        }
    }

    // Wrong: tryLock with a fixed lease of 5 seconds.
    public boolean buyWithTryLockLease(long sku) throws InterruptedException {
        RLock lock = redisson.getLock("sku:" + sku);
        if (lock.tryLock(1, 5, TimeUnit.SECONDS)) { // expect: LOCK-05
            try {
                return ledger.decrement(sku);
            } finally {
                lock.unlock();
            }
        }
        return false;
    }

    // Right: lease -1 keeps the watchdog.
    public boolean buyWithWatchdog(long sku) throws InterruptedException {
        RLock lock = redisson.getLock("sku:" + sku);
        if (lock.tryLock(1, -1, TimeUnit.SECONDS)) {
            try {
                return ledger.decrement(sku);
            } finally {
                lock.unlock();
            }
        }
        return false;
    }

    // Wrong: SETNX then a separate EXPIRE; a crash in between leaves the lock forever.
    public boolean reserveWithSetnx(String key) {
        Boolean ok = redis.opsForValue().setIfAbsent(key, "1"); // expect: LOCK-05
        redis.expire(key, Duration.ofSeconds(30));
        return Boolean.TRUE.equals(ok);
    }

    // Right: value and expiry in one atomic call; the key is deleted only by the caller that still holds it.
    public boolean reserveAtomically(String key) {
        String token = UUID.randomUUID().toString();
        Boolean ok = redis.opsForValue().setIfAbsent(key, token, Duration.ofSeconds(30));
        if (Boolean.TRUE.equals(ok)) {
            try {
                ledger.decrement(Long.parseLong(key));
            } finally {
                if (token.equals(redis.opsForValue().get(key))) {
                    redis.delete(key);
                }
            }
        }
        return Boolean.TRUE.equals(ok);
    }
}
