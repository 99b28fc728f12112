package dev.archgov.rules.lock;

import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * The lock pack's method summaries: a call acquires or releases a lock when it is a lock API's acquire or release
 * ({@link LockApis}), or when it runs analysed code that does, through any number of the application's own wrappers
 * up to {@link Summaries#DEPTH} calls deep ({@code RedisLockUtil.tryLock(key, wait, lease)} acquires;
 * {@code lockService.unlock(key)} releases; a {@code doWithLock(key, work)} template does both), and the SETNX lock
 * SETNX locks have their own summaries ({@link SetnxLocks#summaries}): few code bases reach both.
 */
final class LockSummaries {
    /** The call takes a lock (or may: a tryLock). */
    static final String ACQUIRE = "acquire";
    /** The call releases a lock. */
    static final String RELEASE = "release";
    /** The call hands the lease of a Redisson lock on from a parameter ({@code lease@N}: the parameter in slot N). */
    static final String LEASE = "lease";

    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("lock summaries");
    private static final Set<String> LOCK_OWNERS = Set.copyOf(LockApis.KNOWN_LOCK_TYPES);

    private LockSummaries() {
    }

    static Summaries of(RunIndex index) {
        return Summaries.of(index, KEY, Summaries.inFlow(LockSummaries::direct, call -> !direct(call).isEmpty()));
    }

    /** The effects of one library call, with the lease a Redisson acquire takes from a parameter of the caller. */
    static Set<String> direct(MethodFlow flow, int i) {
        MethodInsnNode call = (MethodInsnNode) flow.insn(i);
        Set<String> effects = direct(call);
        if (!LockApis.FIXED_LEASE.matches(call)) {
            return effects;
        }
        MethodFlow.Origin lease = flow.argument(i, call.name.equals("tryLock") ? 1 : 0);
        if (lease.unknown() || !lease.roots().isEmpty() || lease.params().size() != 1) {
            return effects;
        }
        Set<String> withLease = new TreeSet<>(effects);
        withLease.add(LEASE + "@" + lease.params().iterator().next().substring("param:".length()));
        return withLease;
    }

    /** The effects of one library call: an acquire or release of a known lock type. */
    static Set<String> direct(MethodInsnNode call) {
        if (!LOCK_OWNERS.contains(call.owner) && !call.owner.startsWith("org/redisson/")) {
            return Set.of();
        }
        if (LockApis.ACQUIRE.contains(call.name)) {
            return Set.of(ACQUIRE);
        }
        return LockApis.RELEASE.contains(call.name) ? Set.of(RELEASE) : Set.of();
    }
}
