package com.example.shop.client.pool;

import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

// Pool fields have no line in bytecode: POOL-06 reports them at the class declaration (buffers, anything, builders).
@Configuration
public class BufferPools implements DisposableBean { // expect: POOL-06
    // Right: keyed by size class.
    private final GenericKeyedObjectPool<Integer, byte[]> bySizeClass = new GenericKeyedObjectPool<>(new BufferFactories.SizeClassFactory());
    // Wrong (POOL-06): one non-keyed pool of growable builders, whatever size they grew to.
    private final GenericObjectPool<StringBuilder> builders = new GenericObjectPool<>(new BufferFactories.BuilderFactory());
    // Wrong: one pool for buffers of every size.
    @SuppressWarnings("unused")
    private GenericObjectPool<byte[]> buffers;
    // Wrong: a pool of Object.
    @SuppressWarnings("unused")
    private GenericObjectPool<Object> anything;
    // Wrong (POOL-08): built here and never closed.
    private final JedisPool jedisPool = new JedisPool("localhost", 6379); // expect: POOL-08
    private final JedisPool statsPool = new JedisPool("localhost", 6381); // expect: POOL-08

    // Right: the pools this configuration keeps are closed with it.
    @Override
    public void destroy() {
        bySizeClass.close();
        builders.close();
    }

    // Right: a pool built once, as a bean.
    @Bean
    public JedisPool sessionRedisPool() {
        return new JedisPool("localhost", 6380);
    }

    public byte[] read(int size) throws Exception {
        int sizeClass = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
        byte[] buffer = bySizeClass.borrowObject(sizeClass);
        try {
            return java.util.Arrays.copyOf(buffer, size);
        } finally {
            bySizeClass.returnObject(sizeClass, buffer);
        }
    }

    // Wrong: a new pool on every call.
    public String render(String title) throws Exception {
        GenericObjectPool<StringBuilder> pool = new GenericObjectPool<>(new BufferFactories.BuilderFactory()); // expect: POOL-05
        StringBuilder b = pool.borrowObject();
        try {
            return b.append("<h1>").append(title).append("</h1>").toString();
        } finally {
            pool.returnObject(b);
        }
    }

    // Wrong: a new Jedis pool (and connections) per lookup.
    public String lookup(String key) {
        JedisPool perCall = new JedisPool("localhost", 6379); // expect: POOL-05
        try (Jedis jedis = perCall.getResource()) {
            return jedis.get(key);
        }
    }

    // Right (POOL-03, POOL-05): the shared builders, returned in a finally.
    public String renderShared(String title) throws Exception {
        StringBuilder b = builders.borrowObject();
        try {
            return b.append("<h1>").append(title).append("</h1>").toString();
        } finally {
            builders.returnObject(b);
        }
    }

    // Wrong: the borrowed builder is handed to the caller, and nothing here takes it back.
    public StringBuilder lendBuilder() throws Exception {
        return builders.borrowObject(); // expect: POOL-04
    }

    // Right: try-with-resources returns the Jedis connection.
    public String get(String key) {
        try (Jedis jedis = jedisPool.getResource()) {
            return jedis.get(key);
        }
    }

    // Wrong: an exception from get() keeps the connection.
    public String getLeaking(String key) {
        Jedis jedis = jedisPool.getResource(); // expect: POOL-03
        String value = jedis.get(key);
        jedis.close();
        return value;
    }

    // Right: try-with-resources gives the connection back (the pool itself is POOL-08's finding).
    public String stat(String key) {
        try (Jedis jedis = statsPool.getResource()) {
            return jedis.get(key);
        }
    }
}
