package dev.archgov.rules.cache;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * CACHE-04 reports an avalanche risk: a batch of entries written together (in a loop) with one fixed TTL, directly,
 * through the application's own cache facade that takes the TTL as a parameter (judged where the loop passes a
 * constant), or through a helper that chooses a fixed TTL. Entries written one at a time as they are read, a facade
 * whose TTL its callers choose, and a TTL with a random offset stay silent.
 */
class CacheTtlJitterRuleTest {
    @TempDir
    Path dir;

    @Test
    void fixedTtlsOnBatchesOnly() {
        CompactTest.of(dir, "cache").source("""
                package org.springframework.data.redis.core;
                public interface ValueOperations<K, V> {
                    void set(K key, V value, long timeout, java.util.concurrent.TimeUnit unit);
                    V get(Object key);
                }
                """).source("""
                package org.springframework.data.redis.core;
                public class RedisTemplate<K, V> {
                    public ValueOperations<K, V> opsForValue() { return null; }
                }
                """).source("""
                package shop;
                import java.util.concurrent.TimeUnit;
                import org.springframework.data.redis.core.RedisTemplate;
                /** The application's cache facade: callers choose the TTL. */
                public class CacheService {
                    private final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    public void put(String key, Object value, long ttl, TimeUnit unit) {
                        redis.opsForValue().set(key, value, ttl, unit);
                    }
                    public Object get(String key) { return redis.opsForValue().get(key); }
                }
                """).source("""
                package shop;
                import java.util.List;
                import java.util.concurrent.ThreadLocalRandom;
                import java.util.concurrent.TimeUnit;
                import org.springframework.data.redis.core.RedisTemplate;
                public class ProductCache {
                    private final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    private final CacheService cache = new CacheService();
                    public void warmUp(List<String> ids) {
                        for (String id : ids) {
                            redis.opsForValue().set("product:" + id, id, 30, TimeUnit.MINUTES); // expect: CACHE-04
                        }
                    }
                    public void reindex(List<String> ids) {
                        for (String id : ids) {
                            cache.put("sku:" + id, id, 600, TimeUnit.SECONDS); // expect: CACHE-04
                        }
                    }
                    public void preload(List<String> ids) {
                        for (String id : ids) {
                            store(id); // expect: CACHE-04
                        }
                    }
                    private void store(String id) {
                        redis.opsForValue().set("p:" + id, id, 1800, TimeUnit.SECONDS);
                    }
                    /** Silent: one entry written on its own miss (entries expire at different times). */
                    public Object find(String id) {
                        Object v = cache.get("product:" + id);
                        if (v == null) {
                            v = id;
                            cache.put("product:" + id, v, 1, TimeUnit.DAYS);
                        }
                        return v;
                    }
                    /** Silent: each entry of the batch gets a random offset. */
                    public void warmUpWithJitter(List<String> ids) {
                        for (String id : ids) {
                            cache.put("product:" + id, id, 1800 + ThreadLocalRandom.current().nextInt(300), TimeUnit.SECONDS);
                        }
                    }
                    /** Silent: the batch's TTL is the caller's (judged where it is chosen). */
                    public void putAll(List<String> ids, long ttl) {
                        for (String id : ids) {
                            cache.put("product:" + id, id, ttl, TimeUnit.SECONDS);
                        }
                    }
                }
                """).assertMarkersOf(3, "CACHE-04");
    }
}
