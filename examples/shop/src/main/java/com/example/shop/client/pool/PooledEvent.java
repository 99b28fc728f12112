package com.example.shop.client.pool;

import io.netty.util.Recycler;

// Netty's Recycler: objects come back through their handle.
public final class PooledEvent {
    private static final Recycler<PooledEvent> RECYCLER = new Recycler<>() {
        @Override
        protected PooledEvent newObject(Handle<PooledEvent> handle) {
            return new PooledEvent(handle);
        }
    };

    private final Recycler.Handle<PooledEvent> handle;
    private String payload;
    private long orderId;

    private PooledEvent(Recycler.Handle<PooledEvent> handle) {
        this.handle = handle;
    }

    public static PooledEvent of(long orderId, String payload) {
        PooledEvent e = RECYCLER.get();
        e.orderId = orderId;
        e.payload = payload;
        return e;
    }

    // Right: cleared before it goes back.
    public void recycle() {
        payload = null;
        orderId = 0;
        handle.recycle(this);
    }

    // Wrong: recycled with the previous order's data.
    public void recycleQuickly() {
        handle.recycle(this); // expect: POOL-01
    }

    public String payload() {
        return payload + "#" + orderId;
    }
}
