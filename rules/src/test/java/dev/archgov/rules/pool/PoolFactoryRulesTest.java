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

    /**
     * A session whose borrowers change it ({@code select(db)}) must be reset when it comes back; a client its borrowers
     * only send requests through has nothing to reset, and its factory may leave passivateObject out.
     */
    @Test
    void onlyStateTheBorrowersChangeNeedsAReset() {
        test().source(PoolStubs.OBJECT_POOL).source("""
                package kv;
                public class Session {
                    public void select(int db) {}
                    public String get(String key) { return null; }
                }
                """).source("""
                package kv;
                public class SearchClient {
                    public String search(String query) { return query; }
                }
                """).source("""
                package kv;
                import org.apache.commons.pool2.*;
                public class SessionFactory extends BasePooledObjectFactory<Session> { // expect: POOL-01
                    public Session create() { return new Session(); }
                    public PooledObject<Session> wrap(Session s) { return () -> s; }
                }
                """).source("""
                package kv;
                import org.apache.commons.pool2.*;
                /** Silent: borrowers only send requests through the client. */
                public class SearchClientFactory extends BasePooledObjectFactory<SearchClient> {
                    public SearchClient create() { return new SearchClient(); }
                    public PooledObject<SearchClient> wrap(SearchClient c) { return () -> c; }
                }
                """).source("""
                package kv;
                import org.apache.commons.pool2.ObjectPool;
                public class Reports {
                    private final ObjectPool<Session> sessions;
                    private final ObjectPool<SearchClient> clients;
                    Reports(ObjectPool<Session> sessions, ObjectPool<SearchClient> clients) { this.sessions = sessions; this.clients = clients; }
                    public String archived(String key) throws Exception {
                        Session s = sessions.borrowObject();
                        try {
                            s.select(2);
                            return s.get(key);
                        } finally {
                            sessions.returnObject(s);
                        }
                    }
                    public String find(String q) throws Exception {
                        SearchClient c = clients.borrowObject();
                        try { return c.search(q); } finally { clients.returnObject(c); }
                    }
                }
                """).source("""
                package kv;
                public class Holder {
                    public void setConfig(String config) {}
                }
                """).source("""
                package kv;
                import org.apache.commons.pool2.*;
                /** Silent: the only state change is made on every lend, by the pool's own lending method. */
                public class HolderFactory extends BasePooledObjectFactory<Holder> {
                    public Holder create() { return new Holder(); }
                    public PooledObject<Holder> wrap(Holder h) { return () -> h; }
                }
                """).source("""
                package kv;
                import org.apache.commons.pool2.ObjectPool;
                public class HolderPool {
                    private final ObjectPool<Holder> pool;
                    HolderPool(ObjectPool<Holder> pool) { this.pool = pool; }
                    public Holder lend(String config) throws Exception {
                        Holder h = pool.borrowObject();
                        h.setConfig(config);
                        return h;
                    }
                    public void giveBack(Holder h) throws Exception { pool.returnObject(h); }
                }
                """).assertMarkersOf(1, "POOL-01");
    }

    /** A factory that swallows the failure and returns null, or hands out a client it never connected. */
    @Test
    void factoriesMakeConnectedObjectsOrThrow() {
        test().source("""
                package ftp;
                import java.net.Socket;
                import org.apache.commons.pool2.*;
                public class QuietSocketFactory extends BasePooledObjectFactory<Socket> {
                    public Socket create() {
                        try {
                            return new Socket("billing", 9000);
                        } catch (Exception e) {
                            return null; // expect: POOL-02
                        }
                    }
                    public PooledObject<Socket> wrap(Socket s) { return () -> s; }
                    public boolean validateObject(PooledObject<Socket> p) { return p.getObject().isConnected(); }
                    public void destroyObject(PooledObject<Socket> p) throws Exception { p.getObject().close(); }
                }
                """).source("""
                package ftp;
                import java.net.Socket;
                import org.apache.commons.pool2.*;
                public class LazySocketFactory extends BasePooledObjectFactory<Socket> {
                    public Socket create() {
                        Socket s = new Socket();
                        return s; // expect: POOL-02
                    }
                    public PooledObject<Socket> wrap(Socket s) { return () -> s; }
                    public boolean validateObject(PooledObject<Socket> p) { return p.getObject().isConnected(); }
                    public void destroyObject(PooledObject<Socket> p) throws Exception { p.getObject().close(); }
                }
                """).source("""
                package ftp;
                import java.net.*;
                import org.apache.commons.pool2.*;
                /** Correct: connected before it is lent; a failure is thrown, not hidden behind null. */
                public class ConnectingSocketFactory extends BasePooledObjectFactory<Socket> {
                    public Socket create() throws Exception {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress("billing", 9000), 2000);
                        return s;
                    }
                    public PooledObject<Socket> wrap(Socket s) { return () -> s; }
                    public boolean validateObject(PooledObject<Socket> p) { return p.getObject().isConnected(); }
                    public void destroyObject(PooledObject<Socket> p) throws Exception { p.getObject().close(); }
                }
                """).source("""
                package ftp;
                import java.net.*;
                import org.apache.commons.pool2.*;
                /** Correct: a helper of the factory connects it. */
                public class HelperSocketFactory extends BasePooledObjectFactory<Socket> {
                    public Socket create() throws Exception {
                        Socket s = new Socket();
                        dial(s);
                        return s;
                    }
                    private void dial(Socket s) throws Exception { s.connect(new InetSocketAddress("billing", 9000)); }
                    public PooledObject<Socket> wrap(Socket s) { return () -> s; }
                    public boolean validateObject(PooledObject<Socket> p) { return p.getObject().isConnected(); }
                    public void destroyObject(PooledObject<Socket> p) throws Exception { p.getObject().close(); }
                }
                """).assertMarkersOf(2, "POOL-02");
    }

    /** commons-pool2 tests nothing by default: a factory's validateObject runs only when the pool's configuration turns a test on. */
    @Test
    void validationIsTurnedOnWhenTheFactoryValidates() {
        test().source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source(PoolStubs.GENERIC_CONFIG).source("""
                package net;
                import java.net.Socket;
                import org.apache.commons.pool2.*;
                public class ClientFactory extends BasePooledObjectFactory<Socket> {
                    public Socket create() throws Exception { return new Socket("billing", 9000); }
                    public PooledObject<Socket> wrap(Socket s) { return () -> s; }
                    public boolean validateObject(PooledObject<Socket> p) { return p.getObject().isConnected() && !p.getObject().isClosed(); }
                    public void destroyObject(PooledObject<Socket> p) throws Exception { p.getObject().close(); }
                }
                """).source("""
                package net;
                import java.net.Socket;
                import org.apache.commons.pool2.impl.*;
                public class Clients {
                    final GenericObjectPool<Socket> byDefault = new GenericObjectPool<>(new ClientFactory()); // expect: POOL-02
                    final GenericObjectPool<Socket> sized;
                    final GenericObjectPool<Socket> tested;
                    final GenericObjectPool<Socket> evicting;
                    final GenericObjectPool<Socket> configuredElsewhere;
                    Clients(GenericObjectPoolConfig<Socket> fromSpring) {
                        GenericObjectPoolConfig<Socket> sizes = new GenericObjectPoolConfig<>();
                        sizes.setMaxTotal(8);
                        sized = new GenericObjectPool<>(new ClientFactory(), sizes); // expect: POOL-02
                        GenericObjectPoolConfig<Socket> onBorrow = new GenericObjectPoolConfig<>();
                        onBorrow.setTestOnBorrow(true);
                        tested = new GenericObjectPool<>(new ClientFactory(), onBorrow);
                        GenericObjectPoolConfig<Socket> idle = new GenericObjectPoolConfig<>();
                        idle.setTestWhileIdle(true);
                        evicting = new GenericObjectPool<>(new ClientFactory(), idle);
                        configuredElsewhere = new GenericObjectPool<>(new ClientFactory(), fromSpring);
                    }

                }
                """).source("""
                package net;
                import java.net.Socket;
                import org.apache.commons.pool2.impl.*;
                /** Silent: the test is turned on the pool once it sits in its field. */
                public class LaterClients {
                    private final GenericObjectPool<Socket> pool;
                    LaterClients(boolean tested) {
                        pool = new GenericObjectPool<>(new ClientFactory());
                        pool.setTestOnBorrow(tested);
                    }
                }
                """).assertMarkersOf(2, "POOL-02");
    }
}
