package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static dev.archgov.rules.lock.LockApis.*;

/**
 * What the lock pack asks of a class's bytecode, in the words of {@link LockApis}: which classes use locks, each
 * acquire, whether an instruction releases the acquired lock (directly, in a helper, or after completion), and the
 * tests that guard a release.
 */
final class LockAnalysis {
    private LockAnalysis() {
    }

    /** Classes that call a lock API or a lock factory: the only ones whose bytecode the pack reads. */
    static DescribedPredicate<JavaClass> usesLocks(RunIndex index) {
        return index.memo(USES_LOCKS, DescribedPredicate.describe("use lock APIs", c -> {
            Calls calls = Calls.of(index, c);
            return calls.any(ACQUIRE, call -> isLockType(index, call.getTargetOwner())) || calls.any(RELEASE, call -> isLockType(index, call.getTargetOwner()))
                    || calls.any(FACTORY_METHODS, call -> FACTORY_OWNERS.contains(call.getTargetOwner().getName().replace('.', '/')));
        }));
    }

    private static final RunIndex.Key<Boolean> USES_LOCKS = RunIndex.Key.named("uses lock APIs");

    /** Classes that take locks: lock APIs ({@link #usesLocks}) or SETNX locks ({@link SetnxLocks#users}). */
    static DescribedPredicate<JavaClass> takesLocks(RunIndex index) {
        return usesLocks(index).or(SetnxLocks.users(index));
    }

    static boolean isLockType(RunIndex index, JavaClass type) {
        return KNOWN_LOCK_TYPES.contains(type.getName().replace('.', '/')) || Supertypes.isAny(index, type, List.of(LOCK, CURATOR_LOCK));
    }

    /** Visits one acquire call of a lock API. */
    @FunctionalInterface
    interface AcquireVisitor {
        void visit(MethodSite site, int acquire, MethodInsnNode call, Set<String> lockTypes);
    }

    /** Each acquire of a lock API in the class's methods (lambda bodies included), with the lock types the class uses. */
    static void forEachAcquire(RunIndex index, JavaClass javaClass, AcquireVisitor visitor) {
        Set<String> types = lockTypesUsedBy(index, javaClass);
        MethodSite.forEach(index, javaClass, acquire(types), site -> {
            for (int acquire : site.flow().calls(acquire(types))) {
                visitor.visit(site, acquire, (MethodInsnNode) site.flow().insn(acquire), types);
            }
        });
    }

    /** Lock types of one class's calls: known by name, or shown by the classpath to be a Lock / InterProcessLock. */
    static Set<String> lockTypesUsedBy(RunIndex index, JavaClass javaClass) {
        Set<String> types = new HashSet<>(KNOWN_LOCK_TYPES);
        Calls calls = Calls.of(index, javaClass);
        for (Set<String> names : List.of(ACQUIRE, RELEASE, GUARD)) {
            for (JavaMethodCall call : calls.named(names)) {
                if (isLockType(index, call.getTargetOwner())) {
                    types.add(call.getTargetOwner().getName().replace('.', '/'));
                }
            }
        }
        return types;
    }

    /**
     * Whether instruction {@code i} of {@code site} releases the lock acquired by {@code acquire}: a release on a
     * receiver that may be the same lock, a same-class helper that releases (up to {@code depth} calls deep), or the
     * registration of a transaction synchronization (release after completion).
     */
    static boolean releases(MethodSite site, int i, MethodFlow.Origin lock, Set<String> lockTypes, int depth) {
        MethodFlow flow = site.flow();
        if (!(flow.insn(i) instanceof MethodInsnNode m)) {
            return false;
        }
        if (release(lockTypes).matches(m)) {
            return flow.maySame(lock, flow.receiver(i));
        }
        if (m.owner.equals(TX_SYNC_MANAGER) && m.name.equals("registerSynchronization")) {
            return true;
        }
        if (depth > 0) {
            for (MethodSite helper : site.helpersCalled(i, MethodSite.calling(release(lockTypes)))) {
                if (releasesAnywhere(helper, lockTypes, depth - 1)) {
                    return true;
                }
            }
        }
        return releasesThroughUtility(site, i, m, lock);
    }

    /**
     * A call into another class of the application that releases a lock ({@code LockUtils.unlockQuietly(lock)}) and is
     * handed this one (as an argument, or as the receiver of a lock class of the application's own).
     */
    private static boolean releasesThroughUtility(MethodSite site, int i, MethodInsnNode m, MethodFlow.Origin lock) {
        MethodFlow flow = site.flow();
        if (m.owner.equals(flow.ownerInternalName()) || m.name.equals("<init>") || !LockSummaries.direct(m).isEmpty()) {
            return false;
        }
        boolean handed = m.getOpcode() != Opcodes.INVOKESTATIC && flow.maySame(lock, flow.receiver(i)) && !flow.receiver(i).unknown()
                || IntStream.range(0, Type.getArgumentTypes(m.desc).length)
                .anyMatch(a -> !flow.argument(i, a).unknown() && flow.maySame(lock, flow.argument(i, a)));
        return handed && LockSummaries.of(site.index()).has(site, i, LockSummaries.RELEASE);
    }

    private static boolean releasesAnywhere(MethodSite site, Set<String> lockTypes, int depth) {
        MethodFlow flow = site.flow();
        for (int i = 0; i < flow.size(); i++) {
            if (flow.reachable(i) && releases(site, i, MethodFlow.Origin.UNKNOWN, lockTypes, depth)) {
                return true;
            }
        }
        return false;
    }

    /** Whether instruction {@code i} releases a lock that may be {@code lock} (directly, not through helpers). */
    static boolean releasesDirectly(MethodFlow flow, int i, MethodFlow.Origin lock, Set<String> lockTypes) {
        return flow.isCall(i, release(lockTypes)) && flow.maySame(lock, flow.receiver(i));
    }

    /**
     * Tests of a flag that tracks the lock ({@code locked = true} after {@code lock()}, {@code acquired = tryLock()},
     * then {@code if (locked) unlock()}): a boolean built only from constants and acquires of the lock, whose true
     * branch reaches a release of the lock. Such a test guards the release; bytecode cannot tell the flag's value on
     * every path, so the release counts as guarded rather than as reachable when the lock is not held.
     */
    static List<MethodFlow.Branch> flagGuards(MethodFlow flow, int acquire, MethodFlow.Origin lock, Set<String> lockTypes) {
        List<MethodFlow.Branch> guards = new ArrayList<>();
        for (MethodFlow.Test test : flow.booleanTests()) {
            MethodFlow.Origin tested = test.tested();
            boolean flag = !tested.unknown() && tested.params().isEmpty() && !tested.roots().isEmpty()
                    && tested.roots().stream().allMatch(r -> r == acquire || flow.isConstant(r)
                            || flow.isCall(r, acquire(lockTypes)) && flow.maySame(lock, flow.receiver(r)))
                    && tested.roots().stream().anyMatch(flow::isConstant);
            if (flag && flow.pathAvoiding(test.branch().whenTrue(), i -> releasesDirectly(flow, i, lock, lockTypes), i -> false).isPresent()) {
                guards.add(test.branch());
            }
        }
        return guards;
    }

    /** The calls that compute the receiver of a release of {@code lock} (e.g. {@code getLock()} in {@code getLock().unlock()}). */
    static Set<Integer> releaseReceiverCalls(MethodFlow flow, MethodFlow.Origin lock, Set<String> lockTypes) {
        Set<Integer> result = new HashSet<>();
        for (int i = 0; i < flow.size(); i++) {
            if (flow.reachable(i) && releasesDirectly(flow, i, lock, lockTypes)) {
                flow.receiver(i).roots().stream().filter(r -> flow.insn(r) instanceof MethodInsnNode).forEach(result::add);
            }
        }
        return result;
    }

    /**
     * Whether ownership of the lock read from a field crosses methods by design: a non-private method of the class
     * releases that field's lock without acquiring it (a {@code leave()}/{@code unlock()} of a lock abstraction such as
     * Guava's {@code Monitor}). Whether each acquire is then released is the callers' business.
     */
    static boolean releasedElsewhereByDesign(RunIndex index, JavaClass javaClass, MethodSite site, MethodFlow.Origin lock, Set<String> lockTypes) {
        Set<String> fields = new HashSet<>();
        for (int root : lock.roots()) {
            if (site.flow().insn(root) instanceof FieldInsnNode f) {
                fields.add(f.owner + "." + f.name);
            }
        }
        if (fields.isEmpty()) {
            return false;
        }
        boolean[] found = {false};
        MethodSite.forEach(index, javaClass, release(lockTypes), other -> {
            if (found[0] || other.isPrivate() || other.method() == site.method()) {
                return;
            }
            MethodFlow flow = other.flow();
            boolean releases = false;
            for (int i = 0; i < flow.size(); i++) {
                if (flow.reachable(i) && flow.isCall(i, release(lockTypes)) && readsField(flow, flow.receiver(i), fields)) {
                    releases = true;
                }
                if (flow.reachable(i) && flow.isCall(i, acquire(lockTypes)) && readsField(flow, flow.receiver(i), fields)) {
                    return;
                }
            }
            found[0] = releases;
        });
        return found[0];
    }

    private static boolean readsField(MethodFlow flow, MethodFlow.Origin origin, Set<String> fields) {
        return origin.roots().stream().anyMatch(r -> flow.insn(r) instanceof FieldInsnNode f
                && fields.contains(f.owner + "." + f.name));
    }

    /** Whether the method is one of a lock implementation's own acquire methods ({@code lock}, {@code tryLockAsync} …). */
    static boolean isLockImplementation(RunIndex index, JavaClass javaClass, Set<String> lockTypes, String methodName) {
        boolean lockClass = lockTypes.contains(javaClass.getName().replace('.', '/')) || Supertypes.isAny(index, javaClass, List.of(LOCK, CURATOR_LOCK));
        return lockClass && ACQUIRE.stream().anyMatch(methodName::startsWith);
    }

    /** Edges on which a boolean acquire is known to have failed (not followed when asking "is it released?"). */
    static MethodFlow.EdgeFilter failedAcquire(List<MethodFlow.Branch> tests) {
        return (from, to) -> tests.stream().anyMatch(b -> b.jump() == from && b.whenFalse() == to);
    }
}
