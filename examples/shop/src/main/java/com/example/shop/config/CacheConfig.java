package com.example.shop.config;

import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;

@Configuration
public class CacheConfig {
    // Wrong: misses are never cached in Redis.
    @Bean
    public RedisCacheConfiguration redisCacheConfiguration() {
        return RedisCacheConfiguration.defaultCacheConfig().disableCachingNullValues(); // expect: CACHE-02
    }

    // Wrong: the same for the in-memory manager.
    @Bean
    public ConcurrentMapCacheManager strictCacheManager() {
        ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager("strict");
        manager.setAllowNullValues(false); // expect: CACHE-02
        return manager;
    }

    // Right: null values allowed (the default, said explicitly).
    @Bean
    public ConcurrentMapCacheManager cacheManager() {
        ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager("products", "members");
        manager.setAllowNullValues(true);
        return manager;
    }
}
