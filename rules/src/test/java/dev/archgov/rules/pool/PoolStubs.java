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
                public T borrowObject() throws Exception { return null; }
                public void returnObject(T obj) {}
                public void invalidateObject(T obj) {}
                public void close() {}
            }
            """;

    private PoolStubs() {
    }
}
