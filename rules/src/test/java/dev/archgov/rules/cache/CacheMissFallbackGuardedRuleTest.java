package dev.archgov.rules.cache;

import dev.archgov.engine.report.Finding;
import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CACHE-01 without declared facades: the application's own Redis utility (a method returning what a cache read
 * returned), a MyBatis mapper and a Bloom-filter service are found through method summaries. A miss tested for
 * null or emptiness that reaches the mapper unguarded is reported; a miss that is cached, a Bloom check before the
 * query, and a key the caller does not choose (built from constants) stay silent.
 */
class CacheMissFallbackGuardedRuleTest {
    @TempDir
    Path dir;

    @Test
    void facadesFoundWithoutDeclaration() {
        CompactTest.of(dir, "cache").source("""
                package org.springframework.data.redis.core;
                public interface ValueOperations<K, V> {
                    V get(Object key);
                    void set(K key, V value, long timeout, java.util.concurrent.TimeUnit unit);
                }
                """).source("""
                package org.springframework.data.redis.core;
                public class RedisTemplate<K, V> {
                    public ValueOperations<K, V> opsForValue() { return null; }
                }
                """).source("""
                package org.apache.ibatis.annotations;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Mapper {}
                """).source("""
                package org.apache.commons.lang3;
                public final class StringUtils {
                    public static boolean isBlank(CharSequence s) { return s == null || s.length() == 0; }
                }
                """).source("""
                package com.google.common.hash;
                public final class BloomFilter<T> {
                    public boolean mightContain(T value) { return true; }
                }
                """).source("""
                package shop;
                import java.util.concurrent.TimeUnit;
                import org.springframework.data.redis.core.RedisTemplate;
                /** The application's Redis utility: nothing declares it a cache facade. */
                public class RedisUtils {
                    private final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    public Object get(String key) { return redis.opsForValue().get(key); }
                    public String getString(String key) { return (String) get(key); }
                    public <T> T get(String key, Class<T> type) {
                        Object value = redis.opsForValue().get(key);
                        if (value == null) {
                            return null;
                        }
                        return type.cast(value);
                    }
                    public void set(String key, Object value, long seconds) { redis.opsForValue().set(key, value, seconds, TimeUnit.SECONDS); }
                }
                """).source("""
                package shop;
                @org.apache.ibatis.annotations.Mapper
                public interface UserMapper {
                    String selectById(long id);
                }
                """).source("""
                package shop;
                import com.google.common.hash.BloomFilter;
                public class UserIds {
                    private BloomFilter<Long> ids;
                    public boolean mayExist(long id) { return ids.mightContain(id); }
                }
                """).source("""
                package shop;
                /** The application's validation helpers. */
                public final class Checks {
                    public static void found(Object value, String entity, long id) {
                        if (value == null) {
                            throw new IllegalArgumentException(entity + " " + id + " does not exist");
                        }
                    }
                    public static void trace(Object value) {
                        if (value == null) {
                            System.out.println("absent");
                        }
                    }
                }
                """).source("""
                package shop;
                public enum Keys { TREE }
                """).source("""
                package shop;
                import org.apache.commons.lang3.StringUtils;
                public class UserService {
                    private final RedisUtils redis = new RedisUtils();
                    private final UserIds ids = new UserIds();
                    private UserMapper mapper;
                    public Object find(long id) {
                        Object cached = redis.get("user:" + id);
                        if (cached == null) {
                            String user = mapper.selectById(id); // expect: CACHE-01
                            if (user != null) {
                                redis.set("user:" + id, user, 600);
                            }
                            return user;
                        }
                        return cached;
                    }
                    public String name(long id) {
                        String json = redis.getString("name:" + id);
                        if (StringUtils.isBlank(json)) {
                            json = mapper.selectById(id); // expect: CACHE-01
                            if (json != null) {
                                redis.set("name:" + id, json, 600);
                            }
                        }
                        return json;
                    }
                    /** Silent: a key the caller does not choose (one fixed tree), nothing to enumerate. */
                    public Object tree() {
                        Object cached = redis.get(Keys.TREE.name());
                        if (cached == null) {
                            return mapper.selectById(0);
                        }
                        return cached;
                    }
                    /** The write looks unconditional, but for an unknown id the validation helper throws before it. */
                    public Object findOrFail(long id) {
                        Object cached = redis.get("user:" + id);
                        if (cached == null) {
                            String user = mapper.selectById(id); // expect: CACHE-01
                            Checks.found(user.trim(), "user", id);
                            redis.set("user:" + id, user, 600);
                            return user;
                        }
                        return cached;
                    }
                    /** A typed read through the facade (a cast of what Redis returned), and the same validation helper. */
                    public Object findTypedOrFail(long id) {
                        String cached = redis.get("user:" + id, String.class);
                        if (cached == null) {
                            String user = mapper.selectById(id); // expect: CACHE-01
                            Checks.found(user, "user", id);
                            redis.set("user:" + id, user, 600);
                            return user;
                        }
                        return cached;
                    }
                    /** Correct: the helper only logs an absent value, and the (empty) result is cached. */
                    public Object findTraced(long id) {
                        Object cached = redis.get("user:" + id);
                        if (cached == null) {
                            String user = mapper.selectById(id);
                            Checks.trace(user);
                            redis.set("user:" + id, String.valueOf(user), 60);
                            return user;
                        }
                        return cached;
                    }
                    /** Correct: the miss is cached (an empty value) as well. */
                    public Object findCachingMisses(long id) {
                        Object cached = redis.get("user:" + id);
                        if (cached == null) {
                            String user = mapper.selectById(id);
                            redis.set("user:" + id, user == null ? "" : user, 60);
                            return user;
                        }
                        return cached;
                    }
                    /** Correct: the Bloom filter keeps unknown ids away from the database. */
                    public Object findBehindBloom(long id) {
                        if (!ids.mayExist(id)) {
                            return null;
                        }
                        Object cached = redis.get("user:" + id);
                        if (cached == null) {
                            String user = mapper.selectById(id);
                            if (user != null) {
                                redis.set("user:" + id, user, 600);
                            }
                            return user;
                        }
                        return cached;
                    }
                }
                """).assertMarkersOf(4, "CACHE-01");
    }

    /**
     * A cache-aside helper that takes its database fallback as a function: the loader call is the database access when
     * a caller hands it a method reference (or lambda) that queries the database; a helper that caches misses is silent.
     */
    @Test
    void loadersPassedAsFunctions() {
        Finding finding = CompactTest.of(dir, "cache").source("""
                package org.springframework.data.redis.core;
                public interface ValueOperations<K, V> {
                    V get(Object key);
                    void set(K key, V value, long timeout, java.util.concurrent.TimeUnit unit);
                }
                """).source("""
                package org.springframework.data.redis.core;
                public class StringRedisTemplate {
                    public ValueOperations<String, String> opsForValue() { return null; }
                }
                """).source("""
                package org.apache.ibatis.annotations;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Mapper {}
                """).source("""
                package shop;
                @org.apache.ibatis.annotations.Mapper
                public interface ShopMapper {
                    String selectById(Long id);
                }
                """).source("""
                package shop;
                import java.util.concurrent.TimeUnit;
                import java.util.function.Function;
                import org.springframework.data.redis.core.StringRedisTemplate;
                /** The application's cache client: the database fallback comes as a function. */
                public class CacheClient {
                    private final StringRedisTemplate redis = new StringRedisTemplate();
                    public <ID> String passThrough(String prefix, ID id, Function<ID, String> dbFallback, long ttl) {
                        String json = redis.opsForValue().get(prefix + id);
                        if (json != null) {
                            return json;
                        }
                        String loaded = dbFallback.apply(id); // expect: CACHE-01
                        if (loaded != null) {
                            redis.opsForValue().set(prefix + id, loaded, ttl, TimeUnit.MINUTES);
                        }
                        return loaded;
                    }
                    /** Correct: a miss is cached as an empty value. */
                    public <ID> String cachingMisses(String prefix, ID id, Function<ID, String> dbFallback, long ttl) {
                        String json = redis.opsForValue().get(prefix + id);
                        if (json != null) {
                            return json;
                        }
                        String loaded = dbFallback.apply(id);
                        redis.opsForValue().set(prefix + id, loaded == null ? "" : loaded, ttl, TimeUnit.MINUTES);
                        return loaded;
                    }
                }
                """).source("""
                package shop;
                public class ShopService {
                    private final CacheClient cache = new CacheClient();
                    private ShopMapper mapper;
                    public String shop(Long id) {
                        return cache.passThrough("shop:", id, mapper::selectById, 30);
                    }
                    public String shopSafely(Long id) {
                        return cache.cachingMisses("shop:", id, key -> mapper.selectById(key), 30);
                    }
                }
                """).assertMarkersOf(1, "CACHE-01").findings().stream().filter(f -> f.ruleId().equals("CACHE-01")).findFirst().orElseThrow();
        assertThat(finding.detail()).contains("runs the loader it is given, which queries the database (ShopService.shop() passes ShopMapper::selectById");
    }
}
