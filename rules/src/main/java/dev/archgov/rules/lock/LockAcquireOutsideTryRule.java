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

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * LOCK-03: a blocking acquire ({@code lock()}, {@code lockInterruptibly()}, Curator {@code acquire()}) inside the try
 * whose finally releases: if the acquire fails, the finally releases a lock that was never taken. Boolean acquires
 * ({@code tryLock}) are LOCK-04's.
 */
@Kind(name = "lock-acquire-outside-try", locality = Locality.CLASS, title = "Acquire the lock before the try whose finally releases it", category = "lock", severity = Severity.MAJOR)
public final class LockAcquireOutsideTryRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(LockAnalysis.usesLocks(context.index())).should(new FlowCondition("acquire locks before the try", context.index(), LockAcquireOutsideTryRule::check));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        LockAnalysis.forEachAcquire(index, javaClass, (site, acquire, call, types) -> {
            MethodFlow flow = site.flow();
            if (LockApis.returnsSuccess(call)) {
                return;
            }
            MethodFlow.Origin lock = flow.receiver(acquire);
            Set<Integer> flagTests = new HashSet<>();
            LockAnalysis.flagGuards(flow, acquire, lock, types).forEach(b -> flagTests.add(b.jump()));
            for (int handler : flow.catchAllHandlersCovering(acquire)) {
                var release = flow.pathAvoiding(handler,
                        i -> LockAnalysis.releasesDirectly(flow, i, lock, types),
                        i -> flow.isCall(i, LockApis.guard(types)) || flagTests.contains(i));
                if (release.isPresent()) {
                    int line = flow.line(release.get());
                    sink.accept(site.violation(acquire, MethodSite.describe(call), call.name + "() is inside the try whose finally releases"
                            + (line > 0 ? " at line " + line : "") + ": if it fails, the finally releases a lock that was never taken "
                            + "(IllegalMonitorStateException hides the real error); acquire before the try"));
                    break;
                }
            }
        });
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return LockAnalysis.usesLocks(context.index());
    }
}
