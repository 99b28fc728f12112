package com.example.shop.service.flashsale;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

// Class-level @Transactional: every public method runs in a transaction through the proxy.
@Service
@Transactional
public class InventoryAdjuster {
    private final ReentrantLock lock = new ReentrantLock();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Map<Long, Integer> counts = new ConcurrentHashMap<>();

    // Wrong: the class-level transaction commits after this unlock.
    public void adjust(long sku, int delta) {
        lock.lock(); // expect: LOCK-02
        try {
            apply(sku, delta);
        } finally {
            lock.unlock();
        }
    }

    // Wrong: the same, through a private helper.
    public void adjustOne(long sku) {
        lockedApply(sku, 1);
    }

    private void lockedApply(long sku, int delta) {
        lock.lock(); // expect: LOCK-02
        try {
            apply(sku, delta);
        } finally {
            lock.unlock();
        }
    }

    // Right: a private method run on another thread is not in the transaction.
    public void rebuildAsync() {
        executor.submit(this::rebuildLocked);
    }

    private void rebuildLocked() {
        lock.lock();
        try {
            counts.clear();
        } finally {
            lock.unlock();
        }
    }

    private void apply(long sku, int delta) {
        counts.merge(sku, delta, Integer::sum);
    }
}
