package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
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
import dev.archgov.spi.flow.SelfInvocations;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * LOCK-07: a call through {@code this} to a method whose annotation only works through the proxy
 * ({@code @Transactional}, {@code @GlobalTransactional}, {@code @Async}): the annotation silently does nothing.
 */
@Kind(name = "proxy-self-invocation", locality = Locality.CLASS, title = "No self-invocation of proxied methods", category = "lock", severity = Severity.MAJOR)
public final class ProxySelfInvocationRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().should(new FlowCondition("call proxied methods through the proxy", context.index(), ProxySelfInvocationRule::check));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        if (!Transactions.mayHaveProxiedMethods(index, javaClass)) {
            return;
        }
        Set<String> lockTypes = LockAnalysis.lockTypesUsedBy(index, javaClass);
        SelfInvocations.find(index, javaClass, Transactions.PROXIED, m -> Transactions.transactional(m).present() || Transactions.async(m).present(), self -> {
            MethodSite site = self.site();
            String lost = lost(self.target(), site.codeUnit());
            if (lost == null) {
                return;
            }
            String holding = holdingLock(site.flow(), self.call(), lockTypes);
            sink.accept(site.violation(self.call(), self.target().getFullName(), "call to " + self.target().getName()
                    + "() through 'this' bypasses the proxy: " + lost + holding + "; call it through the injected bean (or move it to another bean)"));
        });
    }

    /** What the self-call loses, or null when nothing is lost. */
    private static String lost(JavaMethod target, Optional<JavaCodeUnit> caller) {
        if (Transactions.async(target).present()) {
            return "@Async is ignored and it runs synchronously";
        }
        Transactions.Proxying tx = Transactions.transactional(target);
        if (!tx.present()) {
            return null;
        }
        boolean callerInTransaction = caller.filter(JavaMethod.class::isInstance)
                .map(c -> Transactions.transactional((JavaMethod) c).present()
                        || c.getModifiers().contains(JavaModifier.PRIVATE))
                .orElse(true);
        if (!callerInTransaction) {
            return "it runs without a transaction";
        }
        if (tx.methodLevel() && Transactions.asksForOwnTransaction(target)) {
            return "its own transaction settings (" + tx.propagation().orElse("") + ") are ignored";
        }
        return null;
    }

    private static String holdingLock(MethodFlow flow, int call, Set<String> lockTypes) {
        for (int acquire : flow.calls(LockApis.acquire(lockTypes))) {
            MethodFlow.Origin lock = flow.receiver(acquire);
            List<MethodFlow.Branch> tests = flow.branchesOn(acquire);
            if (acquire < call && flow.pathAvoiding(acquire, i -> i == call,
                    i -> (i != acquire && flow.isCall(i, LockApis.release(lockTypes)) && flow.maySame(lock, flow.receiver(i)))
                            || tests.stream().anyMatch(b -> b.whenFalse() == i)).isPresent()) {
                int line = flow.line(acquire);
                return ", while holding the lock taken" + (line > 0 ? " at line " + line : "") + " (the work is not covered by a transaction the lock outlives)";
            }
        }
        return "";
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return DescribedPredicate.describe("have transactional or async methods", c -> Transactions.mayHaveProxiedMethods(context.index(), c));
    }
}
