package dev.archgov.rules.lock;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.spi.RunIndex;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.flow.MethodFlow;
import dev.archgov.engine.spi.ParamSpec;
import dev.archgov.engine.spi.RuleContext;
import dev.archgov.engine.spi.RuleMeta;
import dev.archgov.rules.support.BaseRule;
import dev.archgov.engine.spi.Violation;
import dev.archgov.rules.support.FlowCondition;
import dev.archgov.rules.support.MethodSite;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** LOCK-04: the boolean result of tryLock/timed acquire decides whether the work runs and whether to release. */
public final class UncheckedTryLockRule extends BaseRule {
    private static final RuleMeta META = RuleMeta.of(UncheckedTryLockRule.class,
            "The result of tryLock is checked before the work and the release", "lock", Severity.CRITICAL);

    public UncheckedTryLockRule() {
        super("lock-trylock-checked", META, List.of());
    }

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(LockApis.usesLocks(context.index())).should(new FlowCondition("check the result of tryLock", context.index(), UncheckedTryLockRule::check));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        LockApis.forEachAcquire(index, javaClass, (site, acquire, call, types) -> {
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
            Set<Integer> guards = new java.util.HashSet<>();
            tests.forEach(t -> guards.add(t.jump()));
            LockApis.flagGuards(flow, acquire, lock, types).forEach(b -> guards.add(b.jump()));
            for (MethodFlow.Branch branch : tests) {
                var release = flow.pathAvoiding(branch.whenFalse(),
                        i -> LockApis.releasesDirectly(flow, i, lock, types),
                        i -> LockApis.isCall(flow, i, LockApis.guard(types)) || guards.contains(i)
                                || i != acquire && LockApis.isCall(flow, i, LockApis.acquire(types)) && flow.maySame(lock, flow.receiver(i)));
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

    @Override
    public com.tngtech.archunit.base.DescribedPredicate<JavaClass> scope(RuleContext context) {
        return LockApis.usesLocks(context.index());
    }
}
