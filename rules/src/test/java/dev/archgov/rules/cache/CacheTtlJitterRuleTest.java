package dev.archgov.rules.cache;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * CACHE-04 reports an avalanche risk: a batch of entries written together (in a loop) with one fixed TTL, directly,
 * through the application's own cache facade that takes the TTL as a parameter (judged where the loop passes a
 * constant), or through a helper that chooses a fixed TTL. Entries written one at a time as they are read, a facade
 * whose TTL its callers choose, and a TTL with a random offset stay silent; unless the loop drops every entry first and
 * rebuilds it through a cache-aside read with a fixed TTL (a bulk refresh).
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
                    public Boolean delete(K key) { return true; }
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
                    public void remove(String key) { redis.delete(key); }
                }
                """).source("""
                package shop;
                import java.util.concurrent.ThreadLocalRandom;
                import java.util.concurrent.TimeUnit;
                /** Cache-aside reads in another class: the first writes with a fixed TTL, the second with a random offset. */
                public class GoodsService {
                    private final CacheService cache = new CacheService();
                    public Object goods(String id) {
                        Object v = cache.get("goods:" + id);
                        if (v == null) {
                            v = id;
                            cache.put("goods:" + id, v, 7200, TimeUnit.SECONDS);
                        }
                        return v;
                    }
                    /** Until the sale ends: computed from the data, the same moment on purpose. */
                    public void preheat(String id) {
                        long ttl = Math.max(60, (endOfSale(id) - System.currentTimeMillis()) / 1000);
                        cache.put("sale:" + id, id, ttl, TimeUnit.SECONDS);
                    }
                    private long endOfSale(String id) { return id.length(); }
                    public Object sku(String id) {
                        Object v = cache.get("sku:" + id);
                        if (v == null) {
                            v = id;
                            cache.put("sku:" + id, v, 7200 + ThreadLocalRandom.current().nextInt(600), TimeUnit.SECONDS);
                        }
                        return v;
                    }
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
                    private final GoodsService goods = new GoodsService();
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
                    /** Every entry dropped and rebuilt at once through a cache-aside read with a fixed TTL. */
                    public void rebuild(List<String> ids) {
                        for (String id : ids) {
                            cache.remove("goods:" + id);
                            goods.goods(id); // expect: CACHE-04
                        }
                    }
                    /** Silent: rebuilt entries get a random offset. */
                    public void rebuildSkus(List<String> ids) {
                        for (String id : ids) {
                            cache.remove("sku:" + id);
                            goods.sku(id);
                        }
                    }
                    /** Silent: each entry is read, then dropped (nothing rebuilt). */
                    public void evict(List<String> ids) {
                        for (String id : ids) {
                            goods.goods(id);
                            cache.remove("goods:" + id);
                        }
                    }
                    /** Silent: one TTL per sale, computed from its end. */
                    public void preheatAll(List<String> ids) {
                        for (String id : ids) {
                            goods.preheat(id);
                        }
                    }
                    /** Silent: cache-aside reads in a loop, nothing dropped first (each entry written on its own miss). */
                    public void touch(List<String> ids) {
                        for (String id : ids) {
                            goods.goods(id);
                        }
                    }
                    /** Silent: the batch's TTL is the caller's (judged where it is chosen). */
                    public void putAll(List<String> ids, long ttl) {
                        for (String id : ids) {
                            cache.put("product:" + id, id, ttl, TimeUnit.SECONDS);
                        }
                    }
                }
                """).assertMarkersOf(4, "CACHE-04");
    }
}
