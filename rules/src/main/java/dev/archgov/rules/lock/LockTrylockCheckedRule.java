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
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** LOCK-04: the boolean result of tryLock/timed acquire decides whether the work runs and whether to release. */
@Kind(name = "lock-trylock-checked", locality = Locality.CLASS, title = "The result of tryLock is checked before the work and the release", category = "lock", severity = Severity.CRITICAL)
public final class LockTrylockCheckedRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(LockAnalysis.takesLocks(context.index())).should(new FlowCondition("check the result of tryLock", context.index(), LockTrylockCheckedRule::check));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        SetnxLocks.forEach(index, javaClass, lock -> setnxChecked(lock, sink));
        LockAnalysis.forEachAcquire(index, javaClass, (site, acquire, call, types) -> {
            MethodFlow flow = site.flow();
            if (!LockApis.returnsSuccess(call)) {
                return;
            }
            List<MethodFlow.Branch> tests = flow.branchesOn(acquire);
            if (tests.isEmpty()) {
                if (!flow.resultHandedOn(acquire)) {
                    sink.accept(site.violation(acquire, MethodSite.describe(call), "the result of " + call.name
                            + "() is ignored: the work runs even when the lock was not acquired; branch on it"));
                }
                return;
            }
            MethodFlow.Origin lock = flow.receiver(acquire);
            if (tests.stream().allMatch(b -> releasesFirst(flow, b.whenTrue(), lock, types))) {
                sink.accept(site.violation(acquire, MethodSite.describe(call), "the result of " + call.name + "() only decides "
                        + "whether to release: the work runs even when the lock was not acquired; skip the work (return) when "
                        + call.name + "() fails"));
                return;
            }
            Set<Integer> guards = new HashSet<>();
            tests.forEach(t -> guards.add(t.jump()));
            LockAnalysis.flagGuards(flow, acquire, lock, types).forEach(b -> guards.add(b.jump()));
            for (MethodFlow.Branch branch : tests) {
                var release = flow.pathAvoiding(branch.whenFalse(),
                        i -> LockAnalysis.releasesDirectly(flow, i, lock, types),
                        i -> flow.isCall(i, LockApis.guard(types)) || guards.contains(i)
                                || i != acquire && flow.isCall(i, LockApis.acquire(types)) && flow.maySame(lock, flow.receiver(i)));
                if (release.isPresent()) {
                    int line = flow.line(release.get());
                    sink.accept(site.violation(acquire, MethodSite.describe(call), "when " + call.name + "() fails, the release"
                            + (line > 0 ? " at line " + line : "") + " still runs and throws IllegalMonitorStateException; "
                            + "release only when acquired (or guard with isHeldByCurrentThread())"));
                    break;
                }
            }
        });
    }

    /**
     * A SETNX lock's key is deleted only by the caller that set it: a plain delete reached when SETNX failed (or when
     * its result was ignored) removes the lock another caller holds, and lets a third one in.
     */
    private static void setnxChecked(SetnxLocks.Lock lock, Consumer<Violation> sink) {
        MethodFlow flow = lock.site().flow();
        List<MethodFlow.Branch> tests = flow.branchesOn(lock.acquire());
        if (tests.isEmpty()) {
            if (flow.resultDiscarded(lock.acquire())) {
                sink.accept(lock.site().violation(lock.acquire(), lock.describe(), "the result of the SETNX lock is ignored: the work runs and "
                        + "the key is deleted whether or not this caller got the lock; branch on it"));
            }
            return;
        }
        Set<Integer> guards = new HashSet<>();
        tests.forEach(t -> guards.add(t.jump()));
        for (MethodFlow.Branch branch : tests) {
            var delete = flow.pathAvoiding(branch.whenFalse(), lock.deletes()::contains, guards::contains);
            if (delete.isPresent()) {
                int line = flow.line(delete.get());
                sink.accept(lock.site().violation(lock.acquire(), lock.describe(), "when SETNX fails, the delete of the key"
                        + (line > 0 ? " at line " + line : "") + " still runs and removes the lock another caller holds; "
                        + "delete only when acquired (or with a compare-and-delete of this caller's value)"));
                return;
            }
        }
    }

    /**
     * Whether the branch taken when the lock was acquired reaches its release before any work (a call other than a
     * guard such as {@code isHeldByCurrentThread()}, or a store to a field or an array): the test guards the release,
     * not the work.
     */
    private static boolean releasesFirst(MethodFlow flow, int start, MethodFlow.Origin lock, Set<String> types) {
        return flow.pathAvoiding(start, i -> LockAnalysis.releasesDirectly(flow, i, lock, types),
                i -> flow.insn(i) instanceof MethodInsnNode && !flow.isCall(i, LockApis.guard(types)) || isStore(flow.insn(i).getOpcode()))
                .isPresent();
    }

    private static boolean isStore(int opcode) {
        return opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC || opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return LockAnalysis.takesLocks(context.index());
    }
}
