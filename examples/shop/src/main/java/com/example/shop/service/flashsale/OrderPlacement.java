package com.example.shop.service.flashsale;

import org.springframework.aop.framework.AopContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.concurrent.locks.ReentrantLock;

@Service
public class OrderPlacement {
    private final ReentrantLock lock = new ReentrantLock();
    @Autowired
    @Lazy
    private OrderPlacement self;

    // Wrong: this.saveOrder bypasses the proxy, so it runs without a transaction while the lock is held.
    public void placeHoldingLock(long sku) {
        lock.lock();
        try {
            this.saveOrder(sku); // expect: LOCK-07
        } finally {
            lock.unlock();
        }
    }

    // Wrong: @Async through this runs synchronously.
    public void confirm(long sku) {
        sendConfirmation(sku); // expect: LOCK-07
    }

    // Right: through the injected proxy.
    public void place(long sku) {
        lock.lock();
        try {
            self.saveOrder(sku);
        } finally {
            lock.unlock();
        }
    }

    // Right: through the current proxy.
    public void confirmThroughProxy(long sku) {
        ((OrderPlacement) AopContext.currentProxy()).sendConfirmation(sku);
    }

    @Transactional
    public void saveOrder(long sku) {
        System.out.println("order for " + sku);
    }

    @Async
    public void sendConfirmation(long sku) {
        System.out.println("confirmation for " + sku);
    }
}
