package com.example.shop.client.pool;

// Right: set when the request starts, removed when it completes (two methods, by design).
public class TenantInterceptor {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    public boolean preHandle(String tenant) {
        CURRENT.set(tenant);
        return true;
    }

    public void afterCompletion() {
        CURRENT.remove();
    }

    public static String current() {
        return CURRENT.get();
    }
}
