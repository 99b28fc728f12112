package dev.archgov.rules.lock;

import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Set;

/**
 * The lock pack's method summaries: a call acquires or releases a lock when it is a lock API's acquire or release
 * ({@link LockApis}), or when it runs analysed code that does, through any number of the application's own wrappers
 * up to {@link Summaries#DEPTH} calls deep ({@code RedisLockUtil.tryLock(key, wait, lease)} acquires;
 * {@code lockService.unlock(key)} releases; a {@code doWithLock(key, work)} template does both).
 */
final class LockSummaries {
    /** The call takes a lock (or may: a tryLock). */
    static final String ACQUIRE = "acquire";
    /** The call releases a lock. */
    static final String RELEASE = "release";

    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("lock summaries");
    private static final Set<String> LOCK_OWNERS = Set.copyOf(LockApis.KNOWN_LOCK_TYPES);

    private LockSummaries() {
    }

    static Summaries of(RunIndex index) {
        return Summaries.of(index, KEY, LockSummaries::direct);
    }

    /** The effects of one library call: an acquire or release of a known lock type. */
    static Set<String> direct(MethodInsnNode call) {
        if (!LOCK_OWNERS.contains(call.owner)) {
            return Set.of();
        }
        if (LockApis.ACQUIRE.contains(call.name)) {
            return Set.of(ACQUIRE);
        }
        return LockApis.RELEASE.contains(call.name) ? Set.of(RELEASE) : Set.of();
    }
}
