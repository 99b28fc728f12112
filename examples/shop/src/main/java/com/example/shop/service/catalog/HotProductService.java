package com.example.shop.service.catalog;

import com.example.shop.domain.Product;
import com.example.shop.repository.ProductStore;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.redisson.api.RedissonClient;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

// The contract marks this class's hot* methods and the "home-page" cache as hot (CACHE-03 params).
@Service
public class HotProductService {
    private final RedisTemplate<String, Object> redis;
    private final ProductStore products;
    private final RedissonClient redisson;
    private final LoadingCache<Long, Product> loading;

    public HotProductService(RedisTemplate<String, Object> redis, ProductStore products, RedissonClient redisson) {
        this.redis = redis;
        this.products = products;
        this.redisson = redisson;
        this.loading = Caffeine.newBuilder().refreshAfterWrite(Duration.ofMinutes(1))
                .build(id -> products.findById(id).orElse(new Product(id, "", BigDecimal.ZERO)));
    }

    // Wrong: when the hot key expires every caller runs the query (misses are cached, so no penetration).
    public Product hotProduct(long id) {
        Product p = (Product) redis.opsForValue().get("hot:" + id);
        if (p == null) {
            p = products.findById(id).orElse(new Product(id, "", BigDecimal.ZERO)); // expect: CACHE-03
            redis.opsForValue().set("hot:" + id, p, jitter(300), TimeUnit.SECONDS);
        }
        return p;
    }

    // Right: one caller rebuilds under a SETNX mutex, and deletes it only while it still holds it.
    public Product hotProductWithMutex(long id) {
        Product p = (Product) redis.opsForValue().get("hot:" + id);
        String token = UUID.randomUUID().toString();
        if (p == null && Boolean.TRUE.equals(redis.opsForValue().setIfAbsent("hot:lock:" + id, token, Duration.ofSeconds(5)))) {
            try {
                p = products.findById(id).orElse(new Product(id, "", BigDecimal.ZERO));
                redis.opsForValue().set("hot:" + id, p, jitter(300), TimeUnit.SECONDS);
            } finally {
                if (token.equals(redis.opsForValue().get("hot:lock:" + id))) {
                    redis.delete("hot:lock:" + id);
                }
            }
        }
        return p;
    }

    // Right: a loading cache coalesces the rebuild.
    public Product hotProductCoalesced(long id) {
        return loading.get(id);
    }

    // Wrong: the hot home page is rebuilt by every caller when it expires.
    @Cacheable(cacheNames = "home-page")
    public String homePage() {
        return "home"; // expect: CACHE-03
    }

    // Right: sync = true lets one caller rebuild it.
    @Cacheable(cacheNames = "home-page", sync = true)
    public String homePageSynced() {
        return "home";
    }

    // Wrong: a warm-up writing every entry with the same TTL (they expire together).
    public void warmUp(List<Product> all) {
        for (Product p : all) {
            redis.opsForValue().set("product:" + p.id(), p, 30, TimeUnit.MINUTES); // expect: CACHE-04
        }
    }

    // Wrong: the same with Redisson.
    public void warmUpBuckets(List<Product> all) {
        for (Product p : all) {
            redisson.getBucket("product:" + p.id()).set(p, 10, TimeUnit.MINUTES); // expect: CACHE-04
        }
    }

    // Right: each entry gets a random offset.
    public void warmUpWithJitter(List<Product> all) {
        for (Product p : all) {
            long ttl = 1800 + ThreadLocalRandom.current().nextInt(300);
            redis.opsForValue().set("product:" + p.id(), p, ttl, TimeUnit.SECONDS);
        }
    }

    // Right: the jitter comes from a helper.
    public void refresh(Product p) {
        redisson.getBucket("product:" + p.id()).set(p, jitter(600), TimeUnit.SECONDS);
    }

    private long jitter(long base) {
        return base + ThreadLocalRandom.current().nextLong(base / 10 + 1);
    }
}
