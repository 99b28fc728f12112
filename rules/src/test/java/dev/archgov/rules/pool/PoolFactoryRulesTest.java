package dev.archgov.rules.pool;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * POOL-01 (a pooled object is reset when it comes back: passivateObject) and POOL-02 (a pooled resource is validated
 * and destroyed), each with the correct factory beside the violating one.
 */
class PoolFactoryRulesTest {
    @TempDir
    Path dir;

    static final String FACTORY_API = """
            package org.apache.commons.pool2;
            public interface PooledObject<T> { T getObject(); }
            """;
    static final String BASE_FACTORY = """
            package org.apache.commons.pool2;
            public abstract class BasePooledObjectFactory<T> implements PooledObjectFactory<T> {
                public abstract T create() throws Exception;
                public abstract PooledObject<T> wrap(T obj);
                public void passivateObject(PooledObject<T> p) throws Exception {}
                public boolean validateObject(PooledObject<T> p) { return true; }
                public void destroyObject(PooledObject<T> p) throws Exception {}
            }
            """;
    static final String FACTORY_INTERFACE = """
            package org.apache.commons.pool2;
            public interface PooledObjectFactory<T> {}
            """;

    CompactTest test() {
        return CompactTest.of(dir, "pool").source(FACTORY_API).source(FACTORY_INTERFACE).source(BASE_FACTORY);
    }

    @Test
    void pooledBuffersAreResetOnReturn() {
        test().source("""
                package buffers;
                import org.apache.commons.pool2.*;
                public class DirtyBufferFactory extends BasePooledObjectFactory<StringBuilder> { // expect: POOL-01
                    public StringBuilder create() { return new StringBuilder(1024); }
                    public PooledObject<StringBuilder> wrap(StringBuilder b) { return () -> b; }
                }
                """).source("""
                package buffers;
                import org.apache.commons.pool2.*;
                /** Correct: cleared when it comes back. */
                public class CleanBufferFactory extends BasePooledObjectFactory<StringBuilder> {
                    public StringBuilder create() { return new StringBuilder(1024); }
                    public PooledObject<StringBuilder> wrap(StringBuilder b) { return () -> b; }
                    @Override
                    public void passivateObject(PooledObject<StringBuilder> p) { p.getObject().setLength(0); }
                }
                """).assertMarkersOf(1, "POOL-01");
    }

    @Test
    void pooledResourcesAreValidatedAndDestroyed() {
        test().source("""
                package net;
                import java.net.Socket;
                import org.apache.commons.pool2.*;
                public class SocketFactory extends BasePooledObjectFactory<Socket> { // expect: POOL-02
                    public Socket create() throws Exception { return new Socket("billing", 9000); }
                    public PooledObject<Socket> wrap(Socket s) { return () -> s; }
                }
                """).source("""
                package net;
                import java.net.Socket;
                import org.apache.commons.pool2.*;
                /** Correct: validated before it is lent, closed when the pool drops it. */
                public class CheckedSocketFactory extends BasePooledObjectFactory<Socket> {
                    public Socket create() throws Exception { return new Socket("billing", 9000); }
                    public PooledObject<Socket> wrap(Socket s) { return () -> s; }
                    @Override
                    public boolean validateObject(PooledObject<Socket> p) { return p.getObject().isConnected() && !p.getObject().isClosed(); }
                    @Override
                    public void destroyObject(PooledObject<Socket> p) throws Exception { p.getObject().close(); }
                }
                """).assertMarkersOf(1, "POOL-02");
    }
}
