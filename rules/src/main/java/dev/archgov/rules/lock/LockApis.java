package dev.archgov.rules.lock;

import dev.archgov.spi.flow.CallMatcher;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Set;

/**
 * The lock vocabulary of the pack (what {@link LockAnalysis} looks for): the lock APIs the pack knows: {@code java.util.concurrent.locks.Lock} and everything the target's classpath shows
 * to be one, plus the known types by name (so a stub such as {@code RLock} without the target's jars still counts),
 * Curator's {@code InterProcessLock}, and the factories that hand out locks.
 */
final class LockApis {
    static final String LOCK = "java.util.concurrent.locks.Lock";
    static final String CURATOR_LOCK = "org.apache.curator.framework.recipes.locks.InterProcessLock";
    static final Set<String> KNOWN_LOCK_TYPES = Set.of(
            "java/util/concurrent/locks/Lock",
            "java/util/concurrent/locks/ReentrantLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock",
            "org/redisson/api/RLock",
            "org/redisson/api/RFencedLock",
            "org/redisson/RedissonLock",
            "org/redisson/RedissonFairLock",
            "org/redisson/RedissonMultiLock",
            "org/redisson/RedissonRedLock",
            "org/redisson/RedissonSpinLock",
            "org/redisson/RedissonFencedLock",
            "org/apache/curator/framework/recipes/locks/InterProcessLock",
            "org/apache/curator/framework/recipes/locks/InterProcessMutex",
            "org/apache/curator/framework/recipes/locks/InterProcessSemaphoreMutex",
            "org/apache/curator/framework/recipes/locks/InterProcessMultiLock");
    static final Set<String> ACQUIRE = Set.of("lock", "lockInterruptibly", "tryLock", "acquire");
    static final Set<String> RELEASE = Set.of("unlock", "release", "forceUnlock", "unlockAsync", "forceUnlockAsync");
    static final Set<String> GUARD = Set.of("isHeldByCurrentThread", "isHeldByThread", "isLocked", "isAcquiredInThisProcess");
    static final Set<String> FACTORY_OWNERS = Set.of("org/redisson/api/RedissonClient", "org/redisson/Redisson",
            "org/redisson/api/RReadWriteLock", "org/springframework/integration/support/locks/LockRegistry",
            "org/springframework/integration/support/locks/ExpirableLockRegistry",
            "org/springframework/integration/redis/util/RedisLockRegistry",
            "org/springframework/integration/jdbc/lock/JdbcLockRegistry");
    static final Set<String> FACTORY_METHODS = Set.of("getLock", "getFairLock", "getReadWriteLock", "getMultiLock",
            "getRedLock", "getSpinLock", "getFencedLock", "readLock", "writeLock", "obtain");
    /** Redisson's acquires that take a lease: {@code lock(lease, unit)}, {@code tryLock(wait, lease, unit)}. */
    static final CallMatcher FIXED_LEASE = m -> m.owner.startsWith("org/redisson/") && (
            (m.name.equals("lock") || m.name.equals("lockInterruptibly")) && m.desc.equals("(JLjava/util/concurrent/TimeUnit;)V")
                    || m.name.equals("tryLock") && m.desc.equals("(JJLjava/util/concurrent/TimeUnit;)Z"));
    static final String TX_SYNC_MANAGER = "org/springframework/transaction/support/TransactionSynchronizationManager";

    static CallMatcher acquire(Set<String> lockTypes) {
        return m -> lockTypes.contains(m.owner) && ACQUIRE.contains(m.name);
    }

    static CallMatcher release(Set<String> lockTypes) {
        return m -> lockTypes.contains(m.owner) && RELEASE.contains(m.name);
    }

    static CallMatcher guard(Set<String> lockTypes) {
        return m -> lockTypes.contains(m.owner) && GUARD.contains(m.name);
    }

    static CallMatcher factory() {
        return m -> FACTORY_OWNERS.contains(m.owner) && FACTORY_METHODS.contains(m.name);
    }

    /** Whether an acquire call reports success as a boolean (tryLock, timed acquire). */
    static boolean returnsSuccess(MethodInsnNode call) {
        return Type.getReturnType(call.desc).equals(Type.BOOLEAN_TYPE);
    }

    private LockApis() {
    }
}
