package dev.archgov.rules.cache;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * CACHE-02 on Spring Boot's cache-configuration idiom: {@code disableCachingNullValues()} behind a test of
 * {@code spring.cache.redis.cache-null-values} follows the application's configuration (default: null values cached).
 */
class CacheableNullPolicyRuleTest {
    @TempDir
    Path dir;

    static final String REDIS_CACHE_CONFIGURATION = """
            package org.springframework.data.redis.cache;
            public class RedisCacheConfiguration {
                public static RedisCacheConfiguration defaultCacheConfig() { return new RedisCacheConfiguration(); }
                public RedisCacheConfiguration disableCachingNullValues() { return this; }
            }
            """;
    static final String CACHE_PROPERTIES = """
            package org.springframework.boot.autoconfigure.cache;
            public class CacheProperties {
                public Redis getRedis() { return new Redis(); }
                public static class Redis {
                    public boolean isCacheNullValues() { return true; }
                }
            }
            """;
    static final String CONFIG = """
            package shop;
            import org.springframework.boot.autoconfigure.cache.CacheProperties;
            import org.springframework.data.redis.cache.RedisCacheConfiguration;
            public class CacheConfig {
                /** Follows spring.cache.redis.cache-null-values: judged by the application's configuration. */
                public RedisCacheConfiguration fromProperties(CacheProperties properties) {
                    RedisCacheConfiguration config = RedisCacheConfiguration.defaultCacheConfig();
                    CacheProperties.Redis redis = properties.getRedis();
                    if (!redis.isCacheNullValues()) {
                        config = config.disableCachingNullValues(); // MARK
                    }
                    return config;
                }
                public RedisCacheConfiguration always() {
                    return RedisCacheConfiguration.defaultCacheConfig().disableCachingNullValues(); // expect: CACHE-02
                }
            }
            """;

    @Test
    void nullCachingLeftOnByTheApplicationsPropertiesIsNotReported() {
        CompactTest.of(dir, "cache").source(REDIS_CACHE_CONFIGURATION).source(CACHE_PROPERTIES).source(CONFIG.replace(" // MARK", ""))
                .resource("application.properties", "spring.cache.type=redis\nspring.cache.redis.cache-null-values=true\n")
                .assertMarkersOf(1, "CACHE-02");
    }

    @Test
    void nullCachingTurnedOffByTheApplicationsYamlIsReported() {
        CompactTest.of(dir, "cache").source(REDIS_CACHE_CONFIGURATION).source(CACHE_PROPERTIES).source(CONFIG.replace(" // MARK", " // expect: CACHE-02"))
                .resource("application.yml", "spring:\n  cache:\n    redis:\n      cache-null-values: false\n")
                .assertMarkersOf(2, "CACHE-02");
    }
}
