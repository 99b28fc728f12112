package com.example.shop.client.pool;

// A request-scoped ThreadLocal on pooled server threads.
public final class RequestContext {
    private static final ThreadLocal<String> USER = new ThreadLocal<>();
    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private RequestContext() {
    }

    // Right: removed in a finally.
    public static void runAs(String user, Runnable work) {
        USER.set(user);
        try {
            work.run();
        } finally {
            USER.remove();
        }
    }

    // Wrong: an exception from the work leaves the user on the thread.
    public static void runAsLeaking(String user, Runnable work) {
        USER.set(user); // expect: POOL-07
        work.run();
        USER.remove();
    }

    // Wrong: never removed.
    public static void enterTenant(String tenant) {
        TENANT.set(tenant); // expect: POOL-07
    }

    public static String user() {
        return USER.get();
    }
}
