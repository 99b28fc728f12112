package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-03: every borrowed object goes back (returned or invalidated; Jedis closed, best with try-with-resources) on
 * every path; not after it was closed or logged out; and never {@code null} from a failed borrow.
 */
@Kind(name = "pool-borrow-return", title = "Borrowed objects go back on every path, alive and never null", category = "pool", severity = Severity.CRITICAL)
public final class PoolBorrowReturnRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(PoolAnalysis.usesPools(context.index())).should(new FlowCondition("return borrowed objects", context.index(), PoolBorrowReturnRule::check));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return PoolAnalysis.usesPools(context.index());
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        Summaries summaries = PoolSummaries.of(index);
        MethodSite.forEach(index, javaClass, PoolApis.BORROW, site -> {
            MethodFlow flow = site.flow();
            for (int borrow : flow.calls(PoolApis.BORROW)) {
                if (!flow.storesOrReturnsOf(borrow).isEmpty()) {
                    continue; // handed on: POOL-04's question
                }
                PoolAnalysis.leavesWithoutGivingBack(site, borrow, summaries)
                        .ifPresent(exit -> sink.accept(site.violation(borrow, MethodSite.describe((MethodInsnNode) flow.insn(borrow)),
                                "borrowed object is not returned on every path: " + flow.describeExit(exit)
                                        + " keeps it from the pool (exhaustion); return it in a finally block or use try-with-resources")));
            }
            for (int ret : flow.calls(m -> PoolApis.RETURN.matches(m) && m.name.equals("returnObject"))) {
                PoolAnalysis.returnedObject(flow, ret).ifPresent(obj -> {
                    if (obj.roots().stream().anyMatch(flow::isNullConstant) && !nullChecked(flow, ret, obj)) {
                        sink.accept(site.violation(ret, MethodSite.describe((MethodInsnNode) flow.insn(ret)),
                                "returns null when the borrow failed (the variable starts as null): the pool throws and hides the "
                                        + "real error; borrow before the try, or return only what was borrowed"));
                    }
                    for (int kill : flow.calls(m -> PoolApis.KILLS.contains(m.name))) {
                        if (kill != ret && flow.maySame(obj, flow.receiver(kill)) && !flow.receiver(kill).roots().isEmpty()
                                && flow.reachesAvoiding(kill, ret, i -> false)) {
                            MethodInsnNode k = (MethodInsnNode) flow.insn(kill);
                            sink.accept(site.violation(ret, MethodSite.describe((MethodInsnNode) flow.insn(ret)),
                                    "returned to the pool after " + k.name + "(): the next borrower gets a dead object; "
                                            + "invalidateObject() it instead"));
                            break;
                        }
                    }
                });
            }
        });
    }

    private static boolean nullChecked(MethodFlow flow, int ret, MethodFlow.Origin obj) {
        Set<Integer> jumps = new HashSet<>();
        for (MethodFlow.Test t : flow.nullTests()) {
            if (t.tested().roots().stream().anyMatch(obj.roots()::contains)) {
                jumps.add(t.branch().jump());
            }
        }
        return !jumps.isEmpty() && flow.dominatedBy(ret, jumps::contains);
    }
}
