package dev.archgov.rules.lock;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * SETNX locks (a Redis key set if absent and deleted again in the same method), directly and through the
 * application's own Redis wrapper: a lock without an expiry (LOCK-05), a plain delete with no owner check or a release
 * missing on a path (LOCK-01), a delete that runs when SETNX failed (LOCK-04), a SETNX lock in a controller (LOCK-06).
 * The correct idioms stay silent: an expiring key with a unique value released by a compare-and-delete script in
 * finally, a GET-and-compare before the delete, and a SETNX that is an idempotency marker (never deleted).
 */
class SetnxLockTest {
    @TempDir
    Path dir;

    @Test
    void setnxLocksDirectlyAndThroughWrappers() {
        CompactTest.of(dir, "lock").source("""
                package redis.clients.jedis;
                public class Jedis {
                    public Long setnx(String key, String value) { return 1L; }
                    public Long del(String key) { return 1L; }
                    public String get(String key) { return null; }
                }
                """).source("""
                package org.springframework.data.redis.core.script;
                public interface RedisScript<T> {}
                """).source("""
                package org.springframework.data.redis.core;
                public interface ValueOperations<K, V> {
                    Boolean setIfAbsent(K key, V value);
                    Boolean setIfAbsent(K key, V value, long timeout, java.util.concurrent.TimeUnit unit);
                    V get(Object key);
                }
                """).source("""
                package org.springframework.data.redis.core;
                public class StringRedisTemplate {
                    public ValueOperations<String, String> opsForValue() { return null; }
                    public Boolean delete(String key) { return true; }
                    public <T> T execute(org.springframework.data.redis.core.script.RedisScript<T> script, java.util.List<String> keys, Object... args) { return null; }
                }
                """).source("""
                package org.springframework.web.bind.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface RestController {}
                """).source("""
                package ops;
                import redis.clients.jedis.Jedis;
                /** The application's own Redis wrapper: set-if-absent without an expiry, and a plain delete. */
                public class RedisService {
                    private final Jedis jedis = new Jedis();
                    public boolean setNx(String key, String value) {
                        Long result = jedis.setnx(key, value);
                        return result != null && result == 1L;
                    }
                    public void del(String key) { jedis.del(key); }
                }
                """).source("""
                package ops;
                public class SyncService {
                    private static final String RESTART = "restart:";
                    private final RedisService redis = new RedisService();
                    public void restart(long appId) {
                        if (!redis.setNx(RESTART + appId, "1")) { // expect: LOCK-01, LOCK-05
                            return;
                        }
                        try {
                            work();
                        } finally {
                            redis.del(RESTART + appId);
                        }
                    }
                    public String sync(String source, String target) {
                        String key = source + "-" + target;
                        try {
                            boolean locked = redis.setNx(key, "sync"); // expect: LOCK-01, LOCK-04, LOCK-05
                            if (!locked) {
                                return "running";
                            }
                            work();
                            return "done";
                        } finally {
                            redis.del(key);
                        }
                    }
                    /** Silent: an idempotency marker, never deleted here (not a lock). */
                    public void once(String messageId) {
                        if (redis.setNx("seen:" + messageId, "1")) {
                            work();
                        }
                    }
                    void work() {}
                }
                """).source("""
                package ops;
                import java.util.List;
                import java.util.UUID;
                import java.util.concurrent.TimeUnit;
                import org.springframework.data.redis.core.StringRedisTemplate;
                import org.springframework.data.redis.core.script.RedisScript;
                public class CatalogService {
                    private final StringRedisTemplate template = new StringRedisTemplate();
                    private RedisScript<Long> unlock;
                    public void rebuildWithoutFinally(String key) {
                        String token = UUID.randomUUID().toString();
                        Boolean locked = template.opsForValue().setIfAbsent(key, token, 10, TimeUnit.SECONDS); // expect: LOCK-01
                        if (Boolean.TRUE.equals(locked)) {
                            load();
                            template.execute(unlock, List.of(key), token);
                        }
                    }
                    /** Correct: expiring, unique value, compare-and-delete in finally. */
                    public void rebuild(String key) {
                        String token = UUID.randomUUID().toString();
                        Boolean locked = template.opsForValue().setIfAbsent(key, token, 10, TimeUnit.SECONDS);
                        if (!Boolean.TRUE.equals(locked)) {
                            return;
                        }
                        try {
                            load();
                        } finally {
                            template.execute(unlock, List.of(key), token);
                        }
                    }
                    /** Correct: the owner is checked (GET and compare) before the delete. */
                    public void rebuildChecked(String key) {
                        String token = UUID.randomUUID().toString();
                        Boolean locked = template.opsForValue().setIfAbsent(key, token, 10, TimeUnit.SECONDS);
                        if (!Boolean.TRUE.equals(locked)) {
                            return;
                        }
                        try {
                            load();
                        } finally {
                            if (token.equals(template.opsForValue().get(key))) {
                                template.delete(key);
                            }
                        }
                    }
                    void load() {}
                }
                """).source("""
                package ops;
                import org.springframework.web.bind.annotation.RestController;
                @RestController
                public class RestartController {
                    private final RedisService redis = new RedisService();
                    public String update(long appId) {
                        if (!redis.setNx("config:" + appId, "1")) { // expect: LOCK-01, LOCK-05, LOCK-06
                            return "busy";
                        }
                        try {
                            return "ok";
                        } finally {
                            redis.del("config:" + appId);
                        }
                    }
                }
                """).assertMarkersOf(4, "LOCK-01", "LOCK-04", "LOCK-05", "LOCK-06");
    }
}
