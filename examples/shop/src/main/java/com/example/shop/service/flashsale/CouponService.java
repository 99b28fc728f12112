package com.example.shop.service.flashsale;

import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.springframework.stereotype.Service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

@Service
public class CouponService {
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Long> issued = ConcurrentHashMap.newKeySet();
    private final InterProcessMutex mutex;

    public CouponService(InterProcessMutex mutex) {
        this.mutex = mutex;
    }

    // Wrong: an exception from add() leaves the lock held.
    public void issueWithoutFinally(long user) {
        lock.lock(); // expect: LOCK-01
        issued.add(user);
        lock.unlock();
    }

    // Wrong: the early return skips the unlock.
    public void issueWithEarlyReturn(long user) {
        lock.lock(); // expect: LOCK-01
        if (issued.contains(user)) {
            return;
        }
        issued.add(user);
        lock.unlock();
    }

    // Wrong: inside a lambda, the same mistake.
    public Runnable issueLater(long user) {
        return () -> {
            lock.lock(); // expect: LOCK-01
            issued.add(user);
            lock.unlock();
        };
    }

    // Right: released in a finally through a helper.
    public void issueWithHelper(long user) {
        lock.lock();
        try {
            issued.add(user);
        } finally {
            release();
        }
    }

    private void release() {
        lock.unlock();
    }

    // Right: tryLock checked, released only when acquired.
    public boolean issueIfFree(long user) throws InterruptedException {
        if (lock.tryLock(100, TimeUnit.MILLISECONDS)) {
            try {
                return issued.add(user);
            } finally {
                lock.unlock();
            }
        }
        return false;
    }

    // Wrong: the acquire sits inside the try whose finally releases.
    public void issueAcquiringInsideTry(long user) {
        try {
            lock.lock(); // expect: LOCK-03
            issued.add(user);
        } finally {
            lock.unlock();
        }
    }

    // Wrong: the same with Curator's mutex.
    public void issueAcrossNodes(long user) throws Exception {
        try {
            mutex.acquire(); // expect: LOCK-03
            issued.add(user);
        } finally {
            mutex.release();
        }
    }

    // Right: Curator's acquire before the try.
    public void issueAcrossNodesSafely(long user) throws Exception {
        mutex.acquire();
        try {
            issued.add(user);
        } finally {
            mutex.release();
        }
    }

    // Right: an interruptible acquire inside the try, with the release guarded.
    public void issueInterruptibly(long user) throws InterruptedException {
        try {
            lock.lockInterruptibly();
            issued.add(user);
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    // Wrong: the tryLock result is ignored.
    public void issueIgnoringTryLock(long user) throws InterruptedException {
        lock.tryLock(1, TimeUnit.SECONDS); // expect: LOCK-04
        try {
            issued.add(user);
        } finally {
            lock.unlock();
        }
    }

    // Wrong: the unlock also runs when tryLock failed.
    public void issueUnlockingAnyway(long user) {
        boolean acquired = lock.tryLock(); // expect: LOCK-04
        try {
            if (acquired) {
                issued.add(user);
            }
        } finally {
            lock.unlock();
        }
    }

    // Right: fail fast when the lock is busy.
    public void issueOrFail(long user) throws InterruptedException {
        boolean acquired = lock.tryLock(1, TimeUnit.SECONDS);
        if (!acquired) {
            throw new IllegalStateException("coupon desk busy");
        }
        try {
            issued.add(user);
        } finally {
            lock.unlock();
        }
    }
}
