package dev.archgov.rules.pool;

/** Minimal commons-pool2 stubs for the pool pack's compact tests (the rules know these types by name). */
final class PoolStubs {
    static final String OBJECT_POOL = """
            package org.apache.commons.pool2;
            public interface ObjectPool<T> {
                T borrowObject() throws Exception;
                void returnObject(T obj) throws Exception;
                void invalidateObject(T obj) throws Exception;
            }
            """;
    static final String GENERIC_POOL = """
            package org.apache.commons.pool2.impl;
            public class GenericObjectPool<T> implements org.apache.commons.pool2.ObjectPool<T> {
                public GenericObjectPool() {}
                public GenericObjectPool(Object factory) {}
                public GenericObjectPool(Object factory, Object config) {}
                public T borrowObject() throws Exception { return null; }
                public void returnObject(T obj) {}
                public void invalidateObject(T obj) {}
                public void close() {}
                public void setTestOnBorrow(boolean test) {}
            }
            """;
    static final String GENERIC_CONFIG = """
            package org.apache.commons.pool2.impl;
            public class GenericObjectPoolConfig<T> {
                public void setMaxTotal(int max) {}
                public void setTestOnBorrow(boolean test) {}
                public void setTestWhileIdle(boolean test) {}
            }
            """;

    /** Jedis 2.x: the pool base class its users extend, and the connection that closes itself back into it. */
    static final String JEDIS_POOL = """
            package redis.clients.util;
            public abstract class Pool<T> {
                public T getResource() { return null; }
                public void returnResource(T resource) {}
                public void returnBrokenResource(T resource) {}
            }
            """;
    static final String JEDIS = """
            package redis.clients.jedis;
            public class Jedis implements java.io.Closeable {
                public String get(String key) { return null; }
                public String set(String key, String value) { return null; }
                public void close() {}
            }
            """;
    static final String JEDIS_CONNECTION_EXCEPTION = """
            package redis.clients.jedis.exceptions;
            public class JedisConnectionException extends RuntimeException {
            }
            """;

    private PoolStubs() {
    }
}
