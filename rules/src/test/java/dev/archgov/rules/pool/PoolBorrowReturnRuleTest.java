package dev.archgov.rules.pool;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * POOL-03, every borrowed object goes back on every path: directly, and through the application's own helpers
 * called from {@code finally} (which must stay silent), with the leaks beside them.
 */
class PoolBorrowReturnRuleTest {
    @TempDir
    Path dir;

    @Test
    void returnedDirectlyOrThroughAHelperCalledFromFinally() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source("""
                package ftp;
                public class FtpClient {
                    public void upload(String name) {}
                }
                """).source("""
                package ftp;
                import org.apache.commons.pool2.ObjectPool;
                public class FtpService {
                    private final ObjectPool<FtpClient> pool;
                    FtpService(ObjectPool<FtpClient> pool) { this.pool = pool; }
                    public void leaks(String name) throws Exception {
                        FtpClient client = pool.borrowObject(); // expect: POOL-03
                        client.upload(name);
                        pool.returnObject(client);
                    }
                    /** Correct: returned in finally. */
                    public void returnsInFinally(String name) throws Exception {
                        FtpClient client = pool.borrowObject();
                        try { client.upload(name); } finally { pool.returnObject(client); }
                    }
                    /** Correct: a helper called from finally gives it back. */
                    public void returnsThroughHelper(String name) throws Exception {
                        FtpClient client = pool.borrowObject();
                        try { client.upload(name); } finally { returnToPool(client); }
                    }
                    /** Correct: a null-checked close helper of another class gives it back. */
                    public void returnsThroughUtility(String name) throws Exception {
                        FtpClient client = pool.borrowObject();
                        try { client.upload(name); } finally { PoolUtils.close(pool, client); }
                    }
                    /** Silent: a callback gives it back when it runs (whether it always runs, bytecode cannot tell). */
                    public void uploadsLater(String name, java.util.concurrent.Executor executor) throws Exception {
                        FtpClient client = pool.borrowObject();
                        executor.execute(() -> { try { client.upload(name); } finally { returnToPool(client); } });
                    }
                    /** Leaks: the helper is called, but not on the exceptional path. */
                    public void helperNotInFinally(String name) throws Exception {
                        FtpClient client = pool.borrowObject(); // expect: POOL-03
                        client.upload(name);
                        returnToPool(client);
                    }
                    private void returnToPool(FtpClient client) {
                        try { pool.returnObject(client); } catch (Exception e) { throw new IllegalStateException(e); }
                    }
                }
                """).source("""
                package ftp;
                import org.apache.commons.pool2.ObjectPool;
                public final class PoolUtils {
                    public static <T> void close(ObjectPool<T> pool, T obj) {
                        if (obj == null) {
                            return;
                        }
                        try { pool.returnObject(obj); } catch (Exception e) { throw new IllegalStateException(e); }
                    }
                }
                """).assertMarkersOf(2, "POOL-03");
    }

    /**
     * Jedis 2.x through the application's own subclass of its pool: {@code returnResource} in a finally block (or
     * after a catch) hands a connection that failed mid-command back as healthy. Telling the broken case apart
     * ({@code returnBrokenResource} in the catch) or closing the Jedis is correct. The pool getter called in the
     * finally block is not a way to lose the connection.
     */
    @Test
    void aJedisConnectionThatFailedGoesBackAsBroken() {
        CompactTest.of(dir, "pool").source(PoolStubs.JEDIS_POOL).source(PoolStubs.JEDIS).source(PoolStubs.JEDIS_CONNECTION_EXCEPTION).source("""
                package registry;
                import redis.clients.jedis.Jedis;
                public class RegistryPool extends redis.clients.util.Pool<Jedis> {
                }
                """).source("""
                package registry;
                import redis.clients.jedis.Jedis;
                import redis.clients.jedis.exceptions.JedisConnectionException;
                public class Registry {
                    private final RegistryPool pool = new RegistryPool();
                    private RegistryPool pool() { return pool; }
                    public void heartbeat(String key) {
                        Jedis jedis = pool().getResource();
                        try {
                            jedis.set(key, "alive");
                        } finally {
                            pool().returnResource(jedis); // expect: POOL-03
                        }
                    }
                    public String lookup(String key) {
                        Jedis jedis = pool.getResource();
                        try {
                            return jedis.get(key);
                        } catch (RuntimeException e) {
                            return null;
                        } finally {
                            pool.returnResource(jedis); // expect: POOL-03
                        }
                    }
                    /** Correct (the Jedis 2 documentation's idiom): a broken connection goes back as broken, a healthy one as healthy. */
                    public String lookupCarefully(String key) {
                        Jedis jedis = null;
                        try {
                            jedis = pool.getResource();
                            return jedis.get(key);
                        } catch (JedisConnectionException e) {
                            if (jedis != null) {
                                pool.returnBrokenResource(jedis);
                                jedis = null;
                            }
                            throw e;
                        } finally {
                            if (jedis != null) {
                                pool.returnResource(jedis);
                            }
                        }
                    }
                    /** Correct: close() returns it and checks whether it broke. */
                    public String closes(String key) {
                        try (Jedis jedis = pool.getResource()) {
                            return jedis.get(key);
                        }
                    }
                }
                """).source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source("""
                package registry;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                /** The application's own Jedis-style pool over commons-pool: healthy and broken returns. */
                public class OwnPool<T> {
                    private final GenericObjectPool<T> internal = new GenericObjectPool<>();
                    public T getResource() {
                        try { return internal.borrowObject(); } catch (Exception e) { throw new IllegalStateException(e); }
                    }
                    public void returnResource(T t) { internal.returnObject(t); }
                    public void returnBrokenResource(T t) { internal.invalidateObject(t); }
                }
                """).source("""
                package registry;
                import redis.clients.jedis.Jedis;
                public class Cleaner {
                    private final OwnPool<Jedis> pool = new OwnPool<>();
                    public void clean(String key) {
                        Jedis jedis = pool.getResource();
                        try {
                            jedis.set(key, "");
                        } finally {
                            pool.returnResource(jedis); // expect: POOL-03
                        }
                    }
                }
                """).assertMarkersOf(3, "POOL-03");
    }

    /**
     * The application's own lending method ({@code getConnection()} over a pool's borrow, and a wrapper that returns
     * its result in turn): its callers borrow, and must give the object back on every path.
     */
    @Test
    void aLendingMethodsCallersBorrow() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source("""
                package es;
                public class EsClient {
                    public void index(String doc) {}
                }
                """).source("""
                package es;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                public abstract class BasePool<T> {
                    private final GenericObjectPool<T> internal = new GenericObjectPool<>();
                    protected T getResource() {
                        try { return internal.borrowObject(); } catch (Exception e) { throw new IllegalStateException(e); }
                    }
                    protected void returnResource(T t) {
                        internal.returnObject(t);
                    }
                }
                """).source("""
                package es;
                public class EsPool extends BasePool<EsClient> {
                    public EsClient getConnection() { return super.getResource(); }
                    public void returnConnection(EsClient c) { super.returnResource(c); }
                }
                """).source("""
                package es;
                public class Indexer {
                    private final EsPool pool = new EsPool();
                    public void leaks(String doc) {
                        EsClient c = pool.getConnection(); // expect: POOL-03
                        c.index(doc);
                        pool.returnConnection(c);
                    }
                    /** Correct: given back in finally through the pool's own method. */
                    public void indexes(String doc) {
                        EsClient c = pool.getConnection();
                        try { c.index(doc); } finally { pool.returnConnection(c); }
                    }
                }
                """).assertMarkersOf(1, "POOL-03");
    }

    /**
     * Closing the object only when giving it back failed (the return threw) is not a return after close: the closed
     * object never reaches the pool, nor does closing one of two objects (both variables start as null) make the
     * other one dead.
     */
    @Test
    void closedOnlyWhenTheReturnFailed() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source("""
                package ai;
                public class Predictor implements AutoCloseable {
                    public String predict(String in) { return in; }
                    public void close() {}
                }
                """).source("""
                package ai;
                import org.apache.commons.pool2.ObjectPool;
                public class Model {
                    private ObjectPool<Predictor> pool;
                    private ObjectPool<Predictor> second;
                    private boolean align;
                    public String detect(String image) {
                        Predictor predictor = null;
                        Predictor other = null;
                        try {
                            predictor = pool.borrowObject();
                            other = second.borrowObject();
                            if (align) {
                                return predictor.predict(image + "aligned");
                            }
                            return predictor.predict(image);
                        } catch (Exception e) {
                            throw new IllegalStateException("detect failed", e);
                        } finally {
                            if (predictor != null) {
                                try {
                                    pool.returnObject(predictor);
                                } catch (Exception e) {
                                    try {
                                        predictor.close();
                                    } catch (Exception ex) {
                                        System.out.println("close failed");
                                    }
                                }
                            }
                            if (other != null) {
                                try {
                                    second.returnObject(other);
                                } catch (Exception e) {
                                    other.close();
                                }
                            }
                        }
                    }
                }
                """).assertMarkersOf(0, "POOL-03");
    }

    /** The application's own pool: lending an object it leaves in the idle list lends it twice; taking it out (or marking it) is correct. */
    @Test
    void anOwnPoolLendsEachObjectOnce() {
        CompactTest.of(dir, "pool").source("""
                package own;
                public class Conn {
                    private boolean busy;
                    public boolean isBusy() { return busy; }
                    public void setBusy(boolean busy) { this.busy = busy; }
                }
                """).source("""
                package own;
                import java.util.*;
                public class SharingPool {
                    private final List<Conn> idle = new ArrayList<>();
                    public synchronized Conn borrow() {
                        if (idle.isEmpty()) {
                            return new Conn();
                        }
                        return idle.get(0); // expect: POOL-03
                    }
                    public synchronized void giveBack(Conn c) { idle.add(c); }
                }
                """).source("""
                package own;
                import java.util.*;
                /** Correct: the lent object leaves the idle queue. */
                public class TakingPool {
                    private final Deque<Conn> idle = new ArrayDeque<>();
                    public synchronized Conn borrow() {
                        Conn c = idle.pollFirst();
                        return c != null ? c : new Conn();
                    }
                    public synchronized void giveBack(Conn c) { idle.addFirst(c); }
                }
                """).source("""
                package own;
                import java.util.*;
                /** Correct: the lent object stays in the list, marked busy. */
                public class MarkingPool {
                    private final List<Conn> all = new ArrayList<>();
                    public synchronized Conn borrow() {
                        for (int i = 0; i < all.size(); i++) {
                            Conn c = all.get(i);
                            if (!c.isBusy()) {
                                c.setBusy(true);
                                return c;
                            }
                        }
                        Conn c = new Conn();
                        c.setBusy(true);
                        all.add(c);
                        return c;
                    }
                    public synchronized void register(Conn c) { all.add(c); }
                }
                """).source("""
                package own;
                import java.util.*;
                /** Silent: a registry read by index (nothing is given back into it). */
                public class Shards {
                    private final List<String> names = new ArrayList<>();
                    public String shard(int key) { return names.get(key % names.size()); }
                }
                """).assertMarkersOf(1, "POOL-03");
    }
}
