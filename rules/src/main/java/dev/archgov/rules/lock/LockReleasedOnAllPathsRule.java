package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** LOCK-01: every acquire is followed by a release on every normal and exceptional path. */
@Kind(name = "lock-released-on-all-paths", locality = Locality.CLASS, title = "A lock is released on every path after it is acquired", category = "lock", severity = Severity.CRITICAL)
public final class LockReleasedOnAllPathsRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(LockAnalysis.takesLocks(context.index())).should(new FlowCondition("release every lock on every path", context.index(), LockReleasedOnAllPathsRule::check));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        SetnxLocks.forEach(index, javaClass, lock -> setnxReleased(lock, sink));
        LockAnalysis.forEachAcquire(index, javaClass, (site, acquire, call, types) -> {
            if (LockAnalysis.isLockImplementation(index, javaClass, types, site.method().name)) {
                return;
            }
            MethodFlow flow = site.flow();
            List<MethodFlow.Branch> tests = List.of();
            if (LockApis.returnsSuccess(call)) {
                tests = flow.branchesOn(acquire);
                if (tests.isEmpty()) {
                    return; // an ignored result is LOCK-04's, a returned one the caller's
                }
            }
            MethodFlow.Origin lock = flow.receiver(acquire);
            if (!flow.reaches(acquire, i -> LockAnalysis.releases(site, i, lock, types, MethodSite.HELPER_DEPTH))
                    || LockAnalysis.releasedElsewhereByDesign(index, javaClass, site, lock, types)) {
                return; // hands the lock over (Monitor.enter(), acquireReadLock()): its callers release it
            }
            List<MethodFlow.Branch> infeasible = new ArrayList<>(tests);
            infeasible.addAll(LockAnalysis.flagGuards(flow, acquire, lock, types));
            Set<Integer> releaseReceivers = LockAnalysis.releaseReceiverCalls(flow, lock, types);
            Set<Integer> handOvers = reportsOwnership(flow, acquire);
            Set<Integer> guardsThatRelease = new HashSet<>();
            for (int guard : flow.calls(LockApis.guard(types))) {
                if (flow.maySame(lock, flow.receiver(guard))) {
                    List<MethodFlow.Branch> checks = flow.branchesOn(guard);
                    infeasible.addAll(checks); // once acquired, "is it held?" is true
                    if (checks.stream().anyMatch(b -> flow.pathAvoiding(b.whenTrue(), i -> LockAnalysis.releasesDirectly(flow, i, lock, types),
                            i -> false).isPresent())) {
                        guardsThatRelease.add(guard); // "if held, unlock": the check is part of the release
                    }
                }
            }
            var leak = flow.pathToExitAvoiding(acquire, i -> guardsThatRelease.contains(i) || releaseReceivers.contains(i) || handOvers.contains(i)
                    || LockAnalysis.releases(site, i, lock, types, MethodSite.HELPER_DEPTH), LockAnalysis.failedAcquire(infeasible));
            if (leak.isPresent()) {
                sink.accept(site.violation(acquire, MethodSite.describe(call), "lock acquired by " + call.name + "() is not released on every path: "
                        + flow.describeExit(leak.get()) + " leaves it held; release it in a finally block"));
            } else if (tests.isEmpty()) {
                heldTwiceReleasedOnce(site, acquire, call, lock, types).ifPresent(sink);
            }
        });
    }

    /**
     * A reentrant lock acquired again (the same lock, no release in between) must be released as many times: after
     * the second acquire, a release followed by a way out with no further release leaves one hold, and the lock stays
     * held by this thread (a JVM lock blocks every other thread; a Redisson lock is renewed by the watchdog for ever).
     */
    private static Optional<Violation> heldTwiceReleasedOnce(MethodSite site, int acquire, MethodInsnNode call, MethodFlow.Origin lock,
                                                                      Set<String> types) {
        MethodFlow flow = site.flow();
        IntPredicate release = i -> LockAnalysis.releasesDirectly(flow, i, lock, types);
        for (int again : flow.calls(LockApis.acquire(types))) {
            MethodInsnNode m = (MethodInsnNode) flow.insn(again);
            if (again == acquire || LockApis.returnsSuccess(m) || !sameLock(flow, lock, flow.receiver(again))
                    || !flow.reachesAvoiding(acquire, again, release)) {
                continue;
            }
            for (int first : flow.calls(LockApis.release(types))) {
                // from the second acquire completing normally (if it throws, it holds nothing more)
                if (release.test(first) && flow.pathAvoiding(again + 1, i -> i == first, i -> i != first && release.test(i)).isPresent()
                        && flow.pathToExitAvoiding(first, release,
                        MethodFlow.EdgeFilter.NONE).isPresent()) {
                    int line = flow.line(again);
                    return Optional.of(site.violation(acquire, MethodSite.describe(call), "lock acquired twice (again"
                            + (line > 0 ? " at line " + line : "") + ") but released once on a path: the hold count stays at one and the "
                            + "lock stays held; release it once per acquire"));
                }
            }
        }
        return Optional.empty();
    }

    /** The same lock object: the two values share a source (a field read, a local), {@code null} aside. */
    private static boolean sameLock(MethodFlow flow, MethodFlow.Origin a, MethodFlow.Origin b) {
        return a.roots().stream().filter(r -> !flow.isNullConstant(r)).anyMatch(r -> b.roots().contains(r)
                || b.roots().stream().anyMatch(q -> flow.insn(r) instanceof FieldInsnNode f
                && flow.insn(q) instanceof FieldInsnNode g && f.owner.equals(g.owner) && f.name.equals(g.name)));
    }

    /**
     * A SETNX lock is released on every path once acquired, and by an owner-checked delete: a plain {@code DEL} of
     * the key removes whatever lock is there, another holder's once this one's key expired (or when this caller never
     * got it).
     */
    private static void setnxReleased(SetnxLocks.Lock lock, Consumer<Violation> sink) {
        MethodFlow flow = lock.site().flow();
        List<String> problems = new ArrayList<>();
        if (lock.ownerChecked().isEmpty()) {
            int line = flow.line(lock.deletes().get(0));
            problems.add("the lock is released by a plain delete of its key" + (line > 0 ? " at line " + line : "")
                    + " that does not check the owner: it removes another holder's lock once this one's expired (or when this caller "
                    + "did not get it); store a unique value and release with a compare-and-delete script");
        }
        List<MethodFlow.Branch> tests = flow.branchesOn(lock.acquire());
        if (!tests.isEmpty()) {
            flow.pathToExitAvoiding(lock.acquire(), lock.releaseSteps()::contains, LockAnalysis.failedAcquire(tests)).ifPresent(exit ->
                    problems.add("once acquired it is not released on every path: " + flow.describeExit(exit) + " leaves the key set "
                            + (lock.expiring() ? "until it expires" : "forever (it has no expiry)") + "; release it in a finally block"));
        }
        if (!problems.isEmpty()) {
            sink.accept(lock.site().violation(lock.acquire(), lock.describe(), "SETNX lock: " + String.join("; and ", problems)));
        }
    }

    /**
     * In a method returning boolean, the returns of {@code true} (or of the acquire's own result): like tryLock itself,
     * the method tells its caller that it now owns the lock, so the caller releases it.
     */
    static Set<Integer> reportsOwnership(MethodFlow flow, int acquire) {
        Set<Integer> result = new HashSet<>();
        if (!Type.getReturnType(flow.method().desc).equals(Type.BOOLEAN_TYPE)) {
            return result;
        }
        for (int i = 0; i < flow.size(); i++) {
            if (flow.reachable(i) && flow.insn(i).getOpcode() == Opcodes.IRETURN) {
                MethodFlow.Origin value = flow.returned(i);
                if (!value.unknown() && value.params().isEmpty() && !value.roots().isEmpty() && value.roots().stream()
                        .allMatch(r -> r == acquire || flow.constant(r).filter(c -> Integer.valueOf(1).equals(c)).isPresent())) {
                    result.add(i);
                }
            }
        }
        return result;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return LockAnalysis.takesLocks(context.index());
    }
}
