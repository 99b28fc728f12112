package com.example.shop.service.catalog;

import com.example.shop.domain.Product;
import com.example.shop.repository.ProductStore;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

@Service
public class ProductDetailService {
    private final RedisTemplate<String, Object> redis;
    private final ProductStore products;
    private final JdbcTemplate jdbc;
    private final org.springframework.cache.Cache springCache;
    private final BloomFilter<Long> productIds = BloomFilter.create(Funnels.longFunnel(), 100_000, 0.01);
    private final Cache<Long, Product> local = Caffeine.newBuilder().maximumSize(10_000).build();

    public ProductDetailService(RedisTemplate<String, Object> redis, ProductStore products, JdbcTemplate jdbc,
                                org.springframework.cache.Cache springCache) {
        this.redis = redis;
        this.products = products;
        this.jdbc = jdbc;
        this.springCache = springCache;
    }

    // Wrong: only found products are cached; unknown ids reach the database every time.
    public Product detail(long id) {
        String key = "product:" + id;
        Product p = (Product) redis.opsForValue().get(key);
        if (p == null) {
            p = products.findById(id).orElse(null); // expect: CACHE-01
            if (p != null) {
                redis.opsForValue().set(key, p, ttlWithJitter(), TimeUnit.SECONDS);
            }
        }
        return p;
    }

    // Wrong: the same with Spring's Cache and JdbcTemplate.
    public Product detailFromSpringCache(long id) {
        org.springframework.cache.Cache.ValueWrapper cached = springCache.get(id);
        if (cached != null) {
            return (Product) cached.get();
        }
        List<Product> rows = jdbc.query("select id, name, price from product where id = ?", // expect: CACHE-01
                (rs, n) -> new Product(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3)), id);
        if (!rows.isEmpty()) {
            springCache.put(id, rows.get(0));
            return rows.get(0);
        }
        return null;
    }

    // Right: a Bloom filter before the database.
    public Product detailWithBloom(long id) {
        if (!productIds.mightContain(id)) {
            return null;
        }
        String key = "product:" + id;
        Product p = (Product) redis.opsForValue().get(key);
        if (p == null) {
            p = products.findById(id).orElse(null);
            if (p != null) {
                redis.opsForValue().set(key, p, ttlWithJitter(), TimeUnit.SECONDS);
            }
        }
        return p;
    }

    // Right: the miss is cached (an empty product, short TTL with jitter).
    public Product detailCachingMisses(long id) {
        String key = "product:" + id;
        Product p = (Product) redis.opsForValue().get(key);
        if (p == null) {
            Optional<Product> found = products.findById(id);
            if (found.isEmpty()) {
                redis.opsForValue().set(key, new Product(id, "", BigDecimal.ZERO), Duration.ofSeconds(30 + ThreadLocalRandom.current().nextInt(30)));
                return null;
            }
            p = found.get();
            redis.opsForValue().set(key, p, ttlWithJitter(), TimeUnit.SECONDS);
        }
        return p;
    }

    // Right: loading through the cache coalesces concurrent misses of a key.
    public Product detailCoalesced(long id) {
        return local.get(id, k -> products.findById(k).orElse(null));
    }

    // Right: a constant key cannot be enumerated.
    public String banner() {
        String banner = (String) redis.opsForValue().get("home:banner");
        if (banner == null) {
            banner = jdbc.queryForObject("select text from banner where active", String.class);
            redis.opsForValue().set("home:banner", banner, ttlWithJitter(), TimeUnit.SECONDS);
        }
        return banner;
    }

    // Wrong: @Cacheable that never caches a miss, with no Bloom check.
    @Cacheable(cacheNames = "products", unless = "#result == null")
    public Product cachedDetail(long id) {
        return products.findById(id).orElse(null); // expect: CACHE-02
    }

    // Wrong: sync = true with unless is refused by Spring.
    @Cacheable(cacheNames = "products", sync = true, unless = "#result == null")
    public Product cachedDetailSynced(long id) {
        return products.findById(id).orElse(null); // expect: CACHE-02
    }

    // Right: null results are cached too.
    @Cacheable(cacheNames = "products")
    public Product cachedDetailWithMisses(long id) {
        return products.findById(id).orElse(null);
    }

    // Right: unless, but a Bloom filter is checked first.
    @Cacheable(cacheNames = "products", unless = "#result == null")
    public Product cachedDetailChecked(long id) {
        if (!productIds.mightContain(id)) {
            return null;
        }
        return products.findById(id).orElse(null);
    }

    // Right: sync = true alone coalesces.
    @Cacheable(cacheNames = "products", sync = true)
    public Product cachedDetailCoalesced(long id) {
        return products.findById(id).orElse(null);
    }

    private long ttlWithJitter() {
        return 600 + ThreadLocalRandom.current().nextInt(120);
    }
}
