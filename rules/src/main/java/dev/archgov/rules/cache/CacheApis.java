package dev.archgov.rules.cache;

import dev.archgov.engine.contract.Params;
import dev.archgov.spi.Globs;
import dev.archgov.spi.flow.CallMatcher;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Set;

/**
 * The cache, database and guard APIs the pack knows, by name (so stubs still count), plus the project's own facades
 * declared in the contract: {@code cacheReads}, {@code cacheWrites}, {@code dbAccess}, {@code bloomFilters}, each a list
 * of {@code com.acme.Type} (every method) or {@code com.acme.Type.method} (globs allowed).
 */
final class CacheApis {
    /** Descriptions of the facade parameters the cache kinds share (constants, for their {@code @Param}s). */
    static final String CACHE_READS_DOC = "the project's cache-read facades: Type or Type.method (globs)";
    static final String CACHE_WRITES_DOC = "the project's cache-write facades: Type or Type.method (globs)";
    static final String DB_ACCESS_DOC = "the project's database access (DAOs): Type or Type.method (globs)";
    static final String BLOOM_FILTERS_DOC = "the project's Bloom-filter facades: Type.method (globs)";

    private static final Set<String> KV_OWNERS = Set.of("org/springframework/data/redis/core/ValueOperations",
            "org/springframework/data/redis/core/BoundValueOperations", "org/springframework/data/redis/core/HashOperations",
            "org/springframework/data/redis/core/BoundHashOperations");
    private static final Set<String> LOCAL_CACHES = Set.of("com/github/benmanes/caffeine/cache/Cache",
            "com/google/common/cache/Cache");
    private static final Set<String> LOADING_CACHES = Set.of("com/github/benmanes/caffeine/cache/LoadingCache",
            "com/google/common/cache/LoadingCache", "com/github/benmanes/caffeine/cache/AsyncLoadingCache");

    /** The facades declared in a rule's params, as compiled patterns. */
    record Facades(List<Globs.Glob> reads, List<Globs.Glob> writes, List<Globs.Glob> db, List<Globs.Glob> bloom) {
        static Facades of(Params p) {
            return new Facades(patterns(p.strings("cacheReads")), patterns(p.strings("cacheWrites")),
                    patterns(p.strings("dbAccess")), patterns(p.strings("bloomFilters")));
        }

        private static List<Globs.Glob> patterns(List<String> globs) {
            return globs.stream().map(Globs::compile).toList();
        }

        static boolean matches(List<Globs.Glob> patterns, MethodInsnNode m) {
            if (patterns.isEmpty()) {
                return false;
            }
            String type = Type.getObjectType(m.owner).getClassName();
            String member = type + "." + m.name;
            return patterns.stream().anyMatch(p -> p.matches(type) || p.matches(member));
        }
    }

    static CallMatcher reads(Facades f) {
        return m -> switch (m.name) {
            case "get" -> m.owner.equals("org/springframework/cache/Cache") && !m.desc.contains("Ljava/util/concurrent/Callable;")
                    || KV_OWNERS.contains(m.owner) || m.owner.startsWith("redis/clients/jedis/")
                    || m.owner.equals("io/lettuce/core/api/sync/RedisStringCommands")
                    || m.owner.equals("org/redisson/api/RBucket") || m.owner.equals("org/redisson/api/RMapCache")
                    || Facades.matches(f.reads(), m);
            case "getIfPresent" -> LOCAL_CACHES.contains(m.owner) || Facades.matches(f.reads(), m);
            case "hget" -> m.owner.startsWith("redis/clients/jedis/") || Facades.matches(f.reads(), m);
            default -> Facades.matches(f.reads(), m);
        };
    }

    /**
     * Presence checks of a key ({@code redisTemplate.hasKey(k)}, Jedis and Lettuce {@code exists}, Redisson
     * {@code isExists}/{@code containsKey}) that answer with a boolean: {@code if (redis.hasKey(k)) return redis.get(k);}
     * is a read whose miss is the check's false branch.
     */
    static CallMatcher exists() {
        return m -> (m.desc.endsWith(")Z") || m.desc.endsWith(")Ljava/lang/Boolean;")) && switch (m.name) {
            case "hasKey" -> m.owner.startsWith("org/springframework/data/redis/core/");
            case "exists" -> m.owner.startsWith("redis/clients/jedis/") || m.owner.startsWith("io/lettuce/core/");
            case "isExists" -> m.owner.startsWith("org/redisson/api/");
            case "containsKey" -> m.owner.equals("org/redisson/api/RMap") || m.owner.equals("org/redisson/api/RMapCache");
            default -> false;
        };
    }

    /** The method names of {@link #exists()} (and the usual names of a facade's presence check). */
    static final Set<String> EXISTS_NAMES = Set.of("hasKey", "exists", "isExists", "containsKey", "existsKey");

    static CallMatcher writes(Facades f) {
        return m -> switch (m.name) {
            case "put", "putIfAbsent" -> m.owner.equals("org/springframework/cache/Cache") || KV_OWNERS.contains(m.owner)
                    || LOCAL_CACHES.contains(m.owner) || m.owner.equals("org/redisson/api/RMapCache") || Facades.matches(f.writes(), m);
            case "set", "setIfAbsent", "setIfPresent", "multiSet" -> KV_OWNERS.contains(m.owner) || m.owner.startsWith("redis/clients/jedis/")
                    || m.owner.equals("org/redisson/api/RBucket") || m.owner.equals("io/lettuce/core/api/sync/RedisStringCommands")
                    || Facades.matches(f.writes(), m);
            case "setex", "psetex", "hset" -> m.owner.startsWith("redis/clients/jedis/") || Facades.matches(f.writes(), m);
            case "fastPut", "trySet" -> m.owner.startsWith("org/redisson/api/") || Facades.matches(f.writes(), m);
            default -> Facades.matches(f.writes(), m);
        };
    }

    static CallMatcher bloom(Facades f) {
        return m -> m.name.equals("mightContain") && m.owner.equals("com/google/common/hash/BloomFilter")
                || m.name.equals("contains") && m.owner.equals("org/redisson/api/RBloomFilter")
                || Facades.matches(f.bloom(), m);
    }

    /** Loading through the cache itself: concurrent misses of one key wait for one load. */
    static CallMatcher coalescing() {
        return m -> m.name.equals("get") && (m.owner.equals("org/springframework/cache/Cache") && m.desc.contains("Ljava/util/concurrent/Callable;")
                || LOCAL_CACHES.contains(m.owner) && Type.getArgumentTypes(m.desc).length == 2 || LOADING_CACHES.contains(m.owner))
                || m.name.equals("getUnchecked") && m.owner.equals("com/google/common/cache/LoadingCache")
                || m.name.equals("computeIfAbsent") && m.owner.startsWith("java/util/concurrent/");
    }

    /** A mutex around the rebuild: SETNX, a lock, a tryLock. */
    static CallMatcher mutex() {
        return m -> m.name.equals("setIfAbsent") || m.name.equals("setnx") || m.name.equals("tryLock") || m.name.equals("lock")
                || m.name.equals("lockInterruptibly") || m.name.equals("acquire") && m.owner.startsWith("org/apache/curator/");
    }

    static CallMatcher random() {
        return m -> m.owner.equals("java/util/concurrent/ThreadLocalRandom") || m.owner.equals("java/util/Random")
                || m.owner.equals("java/security/SecureRandom") || m.owner.startsWith("java/util/random/")
                || m.owner.equals("java/lang/Math") && m.name.equals("random")
                || m.owner.equals("org/apache/commons/lang3/RandomUtils");
    }



    private CacheApis() {
    }
}
