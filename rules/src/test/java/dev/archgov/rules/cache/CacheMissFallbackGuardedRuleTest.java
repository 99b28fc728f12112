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
                    /** The write is in the same-class helper that queries: still cache-aside, still only found rows cached. */
                    public Object findThroughHelper(long id) {
                        Object cached = redis.get("user:" + id);
                        if (cached == null) {
                            return loadAndCache(id); // expect: CACHE-01
                        }
                        return cached;
                    }
                    private Object loadAndCache(long id) {
                        String user = mapper.selectById(id);
                        if (user != null) {
                            redis.set("user:" + id, user, 600);
                        }
                        return user;
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
                """).assertMarkersOf(5, "CACHE-01");
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

    /**
     * An Optional-returning facade is a read and {@code isPresent()} its miss test; a read tested only for emptiness
     * takes the empty list it cached for an unknown key for a miss again; a mapper known only from its XML (registered by
     * {@code @MapperScan}) is database access.
     */
    @Test
    void optionalFacadesEmptyMissesAndXmlMappers() {
        redis().source("""
                package cn.hutool.core.collection;
                public final class CollUtil {
                    public static boolean isEmpty(java.util.Collection<?> c) { return c == null || c.isEmpty(); }
                }
                """).source("""
                package catalog;
                import java.util.List;
                public interface ProductDao {
                    String findName(Long id);
                    List<String> listByCategory(String category);
                }
                """).resource("mybatis/ProductDao.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
                <mapper namespace="catalog.ProductDao">
                    <select id="findName">SELECT name FROM product WHERE id = #{id}</select>
                    <select id="listByCategory">SELECT name FROM product WHERE category = #{category}</select>
                </mapper>
                """).source("""
                package catalog;
                import java.util.Optional;
                import org.springframework.data.redis.core.RedisTemplate;
                public class ProductCache {
                    private final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    public Optional<String> get(Long id) {
                        try {
                            return Optional.ofNullable((String) redis.opsForValue().get("product:" + id));
                        } catch (RuntimeException e) {
                            return Optional.empty();
                        }
                    }
                    public void put(Long id, String name) {
                        if (name != null) {
                            redis.opsForValue().set("product:" + id, name);
                        }
                    }
                    public java.util.List<String> getList(String key) {
                        Object value = key == null ? null : redis.opsForValue().get(key);
                        if (value instanceof java.util.List<?>) {
                            java.util.List<?> list = (java.util.List<?>) value;
                            return list.stream().map(String.class::cast).collect(java.util.stream.Collectors.toList());
                        }
                        return null;
                    }
                    public void setList(String key, java.util.List<String> names) { redis.opsForValue().set(key, names); }
                }
                """).source("""
                package catalog;
                import cn.hutool.core.collection.CollUtil;
                import java.util.List;
                import java.util.Optional;
                public class CatalogService {
                    private ProductDao dao;
                    private final ProductCache cache = new ProductCache();
                    public Optional<String> name(Long id) {
                        Optional<String> cached = cache.get(id);
                        if (cached.isPresent()) {
                            return cached;
                        }
                        String name = dao.findName(id); // expect: CACHE-01
                        if (name == null) {
                            return Optional.empty();
                        }
                        cache.put(id, name);
                        return Optional.of(name);
                    }
                    public List<String> byCategory(String category) {
                        List<String> names = cache.getList("category:" + category);
                        if (CollUtil.isEmpty(names)) {
                            names = dao.listByCategory(category); // expect: CACHE-01
                            cache.setList("category:" + category, names);
                        }
                        return names;
                    }
                    /** Silent: a null test, and the (possibly empty) result is cached: an unknown category reads back as a hit. */
                    public List<String> byCategoryCached(String category) {
                        List<String> names = cache.getList("category:" + category);
                        if (names == null) {
                            names = dao.listByCategory(category);
                            cache.setList("category:" + category, names);
                        }
                        return names;
                    }
                }
                """).assertMarkersOf(2, "CACHE-01");
    }

    /**
     * A two-level cache: a local miss falls to a helper that reads the distributed cache first. The helper is judged
     * where it reads (its own guards there), not reported again from the local read.
     */
    @Test
    void twoLevelCachesAreJudgedWhereTheyRead() {
        redis().source("""
                package com.github.benmanes.caffeine.cache;
                public interface Cache<K, V> {
                    V getIfPresent(Object key);
                    void put(K key, V value);
                }
                """).source("""
                package org.apache.ibatis.annotations;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Mapper {}
                """).source("""
                package goods;
                @org.apache.ibatis.annotations.Mapper
                public interface GoodsMapper {
                    String findById(Long id);
                }
                """).source("""
                package goods;
                import com.github.benmanes.caffeine.cache.Cache;
                import org.springframework.data.redis.core.RedisTemplate;
                public class GoodsCache {
                    private Cache<Long, String> local;
                    private final RedisTemplate<String, String> redis = new RedisTemplate<>();
                    private GoodsMapper mapper;
                    public String get(Long id) {
                        String cached = local.getIfPresent(id);
                        if (cached != null) {
                            return cached;
                        }
                        return distributed(id);
                    }
                    /** Silent: the miss rebuilds under a SETNX mutex and caches a marker for a missing row. */
                    private String distributed(Long id) {
                        String value = redis.opsForValue().get("goods:" + id);
                        if (value == null && Boolean.TRUE.equals(redis.opsForValue().setIfAbsent("lock:goods:" + id, "1"))) {
                            String row = mapper.findById(id);
                            value = row == null ? "" : row;
                            redis.opsForValue().set("goods:" + id, value);
                        }
                        if (value != null) {
                            local.put(id, value);
                        }
                        return value;
                    }
                    public String stock(Long id) {
                        String cached = local.getIfPresent(id);
                        return cached != null ? cached : distributedStock(id);
                    }
                    private String distributedStock(Long id) {
                        String value = redis.opsForValue().get("stock:" + id);
                        if (value == null) {
                            value = mapper.findById(id); // expect: CACHE-01
                            if (value != null) {
                                redis.opsForValue().set("stock:" + id, value);
                            }
                        }
                        return value;
                    }
                }
                """).assertMarkersOf(1, "CACHE-01");
    }

    /**
     * Who chooses the key: a method whose every caller passes the authenticated user or an enum constant's name (directly
     * or handed down one call) has no key a request can make up; one called with a request's id, or by nobody in the
     * code (an endpoint), is judged as before.
     */
    @Test
    void keysEveryCallerBoundsAreNoPenetration() {
        redis().source(MAPPER).source("""
                package admin;
                @org.apache.ibatis.annotations.Mapper
                public interface MenuMapper {
                    String menusOf(Long userId);
                    String activities(String type);
                }
                """).source("""
                package admin;
                public final class SecurityUtils {
                    public static Long getCurrentUserId() { return 1L; }
                }
                """).source("""
                package admin;
                public enum ActivityType { COUPON, SECKILL }
                """).source("""
                package admin;
                import org.springframework.data.redis.core.RedisTemplate;
                public class MenuService {
                    private final RedisTemplate<String, String> redis = new RedisTemplate<>();
                    private MenuMapper mapper;
                    /** Silent: every caller passes the signed-in user (one of them through a parameter of its own). */
                    public String menus(Long userId) {
                        String cached = redis.opsForValue().get("menu:" + userId);
                        if (cached == null) {
                            cached = mapper.menusOf(userId);
                            if (cached != null) {
                                redis.opsForValue().set("menu:" + userId, cached);
                            }
                        }
                        return cached;
                    }
                    /** Silent: an enum constant's name, from each caller. */
                    private String activities(String type) {
                        String cached = redis.opsForValue().get("activity:" + type);
                        if (cached == null) {
                            cached = mapper.activities(type);
                            if (cached != null) {
                                redis.opsForValue().set("activity:" + type, cached);
                            }
                        }
                        return cached;
                    }
                    public String coupons() { return activities(ActivityType.COUPON.name()); }
                    public String of(ActivityType type) { return activities(type.name()); }
                    public String roles(Long userId) {
                        String cached = redis.opsForValue().get("role:" + userId);
                        if (cached == null) {
                            cached = mapper.menusOf(userId); // expect: CACHE-01
                            if (cached != null) {
                                redis.opsForValue().set("role:" + userId, cached);
                            }
                        }
                        return cached;
                    }
                }
                """).source("""
                package admin;
                public class MenuController {
                    private MenuService service;
                    public String mine() { return service.menus(SecurityUtils.getCurrentUserId()); }
                    public String home(Long current) { return service.menus(current); }
                    public String page() { return home(SecurityUtils.getCurrentUserId()); }
                    public String rolesOf(Long id) { return service.roles(id); }
                    public String myRoles() { return service.roles(SecurityUtils.getCurrentUserId()); }
                }
                """).assertMarkersOf(1, "CACHE-01");
    }

    /**
     * Layered applications: the cache facade is an interface with a Redis implementation, the database sits two service
     * interfaces below (domain service, repository, mapper), and the key is built by a static helper. A write through a
     * facade that drops null values caches no miss however it is called; a marker for the missing row does.
     */
    @Test
    void layeredServicesAndFacadesThatDropNulls() {
        redis().source(MAPPER).source("""
                package com.github.benmanes.caffeine.cache;
                public interface Cache<K, V> {
                    V getIfPresent(Object key);
                    void put(K key, V value);
                }
                """).source("""
                package layered;
                public interface CacheService {
                    <T> T getObject(String key, Class<T> type);
                    void put(String key, Object value);
                }
                """).source("""
                package layered;
                import org.springframework.data.redis.core.RedisTemplate;
                public class RedisCacheService implements CacheService {
                    private final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    @Override
                    public <T> T getObject(String key, Class<T> type) {
                        Object value = redis.opsForValue().get(key);
                        return value == null ? null : type.cast(value);
                    }
                    /** Null values are dropped: nothing is written for them. */
                    @Override
                    public void put(String key, Object value) {
                        if (key == null || key.isEmpty() || value == null) {
                            return;
                        }
                        redis.opsForValue().set(key, value);
                    }
                }
                """).source("""
                package layered;
                public final class Keys {
                    public static String of(String prefix, String id) { return prefix.concat(id); }
                }
                """).source("""
                package layered;
                @org.apache.ibatis.annotations.Mapper
                public interface ItemMapper {
                    Item byId(Long id);
                    Integer stockOf(Long id);
                }
                """).source("""
                package layered;
                public class Item {
                }
                """).source("""
                package layered;
                public interface ItemRepository {
                    Item byId(Long id);
                    Integer stockOf(Long id);
                }
                """).source("""
                package layered;
                public class MapperItemRepository implements ItemRepository {
                    private ItemMapper mapper;
                    public Item byId(Long id) { return mapper.byId(id); }
                    public Integer stockOf(Long id) { return mapper.stockOf(id); }
                }
                """).source("""
                package layered;
                public interface ItemDomainService {
                    Item byId(Long id);
                    Integer stockOf(Long id);
                }
                """).source("""
                package layered;
                public class ItemDomainServiceImpl implements ItemDomainService {
                    private ItemRepository repository;
                    public Item byId(Long id) { return repository.byId(id); }
                    public Integer stockOf(Long id) { return repository.stockOf(id); }
                }
                """).source("""
                package layered;
                import com.github.benmanes.caffeine.cache.Cache;
                public class ItemService {
                    private Cache<String, Item> local;
                    private CacheService cache;
                    private ItemDomainService domain;
                    public Item item(Long id) {
                        String key = Keys.of("item:", String.valueOf(id));
                        Item item = local.getIfPresent(key);
                        if (item == null) {
                            item = cache.getObject(key, Item.class);
                            if (item == null) {
                                item = domain.byId(id); // expect: CACHE-01
                                if (item != null) {
                                    item = enrich(item);
                                    cache.put(key, item);
                                }
                            }
                            if (item != null) {
                                local.put(key, item);
                            }
                        }
                        return item;
                    }
                    private Item enrich(Item item) { return item; }
                    public Integer stock(Long id) {
                        String key = Keys.of("stock:", String.valueOf(id));
                        Integer stock = cache.getObject(key, Integer.class);
                        if (stock == null) {
                            stock = domain.stockOf(id); // expect: CACHE-01
                            cache.put(key, stock);
                        }
                        return stock;
                    }
                    /** Silent: a missing row is cached as a marker the facade does write. */
                    public Integer knownStock(Long id) {
                        String key = Keys.of("known-stock:", String.valueOf(id));
                        Integer stock = cache.getObject(key, Integer.class);
                        if (stock == null) {
                            Integer row = domain.stockOf(id);
                            stock = row == null ? Integer.valueOf(-1) : row;
                            cache.put(key, stock);
                        }
                        return stock;
                    }
                }
                """).assertMarkersOf(2, "CACHE-01");
    }

    /** A project with Spring Data Redis's value operations (get, set, setIfAbsent) for the cache pack. */
    /**
     * A presence check is a read: {@code if (redis.hasKey(k)) return redis.get(k);} misses on the check's false branch,
     * taken straight from the template ({@code Boolean}, unboxed) or from the application's facade whose {@code hasKey}
     * null-tests a read. A list cached only when non-empty (the result, or a list built from it) is reported; one cached
     * whatever it holds, and a presence check with no database behind it (a token), stay silent.
     */
    @Test
    void presenceChecksAreReads() {
        redis().source(MAPPER).source("""
                package store;
                @org.apache.ibatis.annotations.Mapper
                public interface LabelMapper {
                    java.util.List<String> labelsOf(String storeId);
                }
                """).source("""
                package store;
                import org.springframework.data.redis.core.RedisTemplate;
                /** The application's cache facade: nothing declares it. */
                public class Cache {
                    private final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    public Object get(String key) { return redis.opsForValue().get(key); }
                    public void put(String key, Object value) { redis.opsForValue().set(key, value); }
                    public boolean hasKey(String key) { return redis.opsForValue().get(key) != null; }
                }
                """).source("""
                package store;
                import java.util.List;
                import org.springframework.data.redis.core.RedisTemplate;
                public class LabelService {
                    private final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    private final Cache cache = new Cache();
                    private LabelMapper mapper;
                    @SuppressWarnings("unchecked")
                    public List<String> labels(String storeId) {
                        if (redis.hasKey("labels:" + storeId)) {
                            return (List<String>) redis.opsForValue().get("labels:" + storeId);
                        }
                        List<String> labels = mapper.labelsOf(storeId); // expect: CACHE-01
                        if (!labels.isEmpty()) {
                            redis.opsForValue().set("labels:" + storeId, labels);
                        }
                        return labels;
                    }
                    @SuppressWarnings("unchecked")
                    public List<String> labelsThroughFacade(String storeId) {
                        if (!cache.hasKey("labels:" + storeId)) {
                            List<String> labels = mapper.labelsOf(storeId); // expect: CACHE-01
                            if (!labels.isEmpty()) {
                                cache.put("labels:" + storeId, labels);
                            }
                            return labels;
                        }
                        return (List<String>) cache.get("labels:" + storeId);
                    }
                    /** Correct: the (possibly empty) list is cached whatever it holds, and a cached empty list is a hit. */
                    @SuppressWarnings("unchecked")
                    public List<String> labelsCachingMisses(String storeId) {
                        if (Boolean.TRUE.equals(redis.hasKey("labels:" + storeId))) {
                            return (List<String>) redis.opsForValue().get("labels:" + storeId);
                        }
                        List<String> labels = mapper.labelsOf(storeId);
                        redis.opsForValue().set("labels:" + storeId, labels);
                        return labels;
                    }
                    /** The value cached is built from the result, and cached only when that is not empty. */
                    @SuppressWarnings("unchecked")
                    public List<String> views(String storeId) {
                        if (cache.hasKey("views:" + storeId)) {
                            return (List<String>) cache.get("views:" + storeId);
                        }
                        List<String> views = new java.util.ArrayList<>();
                        mapper.labelsOf(storeId).forEach(l -> views.add(l.toUpperCase())); // expect: CACHE-01
                        if (!views.isEmpty()) {
                            cache.put("views:" + storeId, views);
                        }
                        return views;
                    }
                    /** Correct: the views are cached whatever they hold. */
                    @SuppressWarnings("unchecked")
                    public List<String> viewsCachingMisses(String storeId) {
                        if (cache.hasKey("views:" + storeId)) {
                            return (List<String>) cache.get("views:" + storeId);
                        }
                        List<String> views = new java.util.ArrayList<>();
                        mapper.labelsOf(storeId).forEach(l -> views.add(l.toUpperCase()));
                        cache.put("views:" + storeId, views);
                        return views;
                    }
                    /** Silent: a presence check with no database behind it. */
                    public boolean signedIn(String token) {
                        return cache.hasKey("token:" + token);
                    }
                }
                """).assertMarkersOf(3, "CACHE-01");
    }

    /**
     * A key nobody writes with the database's data is no cache of it: a draft the editor saves from the request, read
     * before the stored row, stays silent; a stock key written by a warm-up from the database (a cache filled
     * elsewhere) is still penetrated by unknown ids.
     */
    @Test
    void keysOnlyClientsWriteAreNoCacheOfTheDatabase() {
        redis().source(MAPPER).source("""
                package org.springframework.web.bind.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface RestController {}
                """).source("""
                package editor;
                @org.apache.ibatis.annotations.Mapper
                public interface ScriptMapper {
                    String stored(String id);
                    Integer count(long id);
                }
                """).source("""
                package editor;
                import org.springframework.data.redis.core.RedisTemplate;
                /** The drafts every editing controller shares. */
                public abstract class Drafts {
                    protected final RedisTemplate<String, Object> redis = new RedisTemplate<>();
                    private String key(String id) { return String.format("draft_%s", id); }
                    public void saveDraft(String id, String content) { redis.opsForValue().set(key(id), content); }
                    public String draft(String id) { return (String) redis.opsForValue().get(key(id)); }
                }
                """).source("""
                package editor;
                @org.springframework.web.bind.annotation.RestController
                public class ScriptController extends Drafts {
                    private ScriptMapper mapper;
                    public String save(String id, String content) {
                        saveDraft(id, content);
                        return "saved";
                    }
                    /** Silent: the draft, else the stored script; only the editor's requests write drafts. */
                    public String load(String id) {
                        String draft = draft(id);
                        if (draft == null) {
                            return mapper.stored(id);
                        }
                        return draft;
                    }
                }
                """).source("""
                package editor;
                public final class Keys {
                    public static String stock(long id) { return "stock:" + id; }
                }
                """).source("""
                package editor;
                import org.springframework.data.redis.core.RedisTemplate;
                public class StockService {
                    private final RedisTemplate<String, String> redis = new RedisTemplate<>();
                    private ScriptMapper mapper;
                    public void preheat(long id) {
                        redis.opsForValue().set(Keys.stock(id), String.valueOf(mapper.count(id)));
                    }
                    public Integer stock(long id) {
                        String cached = redis.opsForValue().get(Keys.stock(id));
                        if (cached == null) {
                            return mapper.count(id); // expect: CACHE-01
                        }
                        return Integer.valueOf(cached);
                    }
                }
                """).assertMarkersOf(1, "CACHE-01");
    }

    private CompactTest redis() {
        return CompactTest.of(dir, "cache").source("""
                package org.springframework.data.redis.core;
                public interface ValueOperations<K, V> {
                    V get(Object key);
                    void set(K key, V value);
                    Boolean setIfAbsent(K key, V value);
                }
                """).source("""
                package org.springframework.data.redis.core;
                public class RedisTemplate<K, V> {
                    public ValueOperations<K, V> opsForValue() { return null; }
                    public Boolean hasKey(K key) { return false; }
                }
                """);
    }

    private static final String MAPPER = """
            package org.apache.ibatis.annotations;
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            public @interface Mapper {}
            """;
}
