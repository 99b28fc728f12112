package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Globs;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** POOL-04: a borrowed object stays in the method that borrowed it: not stored in a field, not returned to callers. */
@Kind(name = "pool-no-escape", title = "Borrowed objects do not escape the borrowing method", category = "pool", severity = Severity.MAJOR,
        params = @Param(name = "ownershipTransfer", type = ParamType.STRING_LIST,
                        description = "methods (Type.method globs) that hand a borrowed object to their caller by design"))
public final class PoolNoEscapeRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<Globs.Glob> transfer = ctx.params().strings("ownershipTransfer").stream().map(Globs::compile).toList();
        return classes().that(PoolAnalysis.usesPools(ctx.index())).should(new FlowCondition("keep borrowed objects local", ctx.index(), (index, c, sink) ->
                MethodSite.forEach(index, c, PoolApis.BORROW, site -> {
                    MethodFlow flow = site.flow();
                    boolean transfers = transfer.stream().anyMatch(p -> p.matches(c.getName() + "." + site.method().name));
                    for (int borrow : flow.calls(PoolApis.BORROW)) {
                        for (int escape : flow.storesOrReturnsOf(borrow)) {
                            boolean returned = flow.insn(escape).getOpcode() == Opcodes.ARETURN;
                            if (returned && (transfers || returnedByDesign(ctx.index(), c, flow, borrow) || isPoolsOwnBorrow(index, c, site)
                                    || everyCallerGivesItBack(index, c, site))) {
                                continue;
                            }
                            sink.accept(site.violation(escape, MethodSite.describe((MethodInsnNode) flow.insn(borrow)), returned
                                    ? "the borrowed object is returned to the caller, who may use it after it went back to the pool; "
                                    + "keep the borrow and the return in one method (or declare the method in ownershipTransfer)"
                                    : "the borrowed object is stored in a field: after it goes back to the pool it is used again "
                                    + "(or lent twice); keep it in a local variable"));
                        }
                    }
                })));
    }

    /**
     * The class lends objects out and takes them back through its own API: a non-private method returns an object it
     * was given (a parameter) to the same pool (a pooled target source, a connection manager). Its callers pair the calls.
     */
    private static boolean returnedByDesign(RunIndex index, JavaClass c, MethodFlow flow, int borrow) {
        Set<String> pools = new HashSet<>();
        for (int r : flow.receiver(borrow).roots()) {
            if (flow.insn(r) instanceof FieldInsnNode f) {
                pools.add(f.owner + "." + f.name);
            }
        }
        boolean[] found = {false};
        MethodSite.forEach(index, c, PoolApis.RETURN, other -> {
            if (other.isPrivate()) {
                return;
            }
            for (int ret : other.flow().calls(PoolApis.RETURN)) {
                boolean givenBack = PoolAnalysis.returnedObject(other.flow(), ret).map(o -> !o.params().isEmpty()).orElse(false);
                for (int r : givenBack ? other.flow().receiver(ret).roots() : Set.<Integer>of()) {
                    if (other.flow().insn(r) instanceof FieldInsnNode f && pools.contains(f.owner + "." + f.name)) {
                        found[0] = true;
                    }
                }
            }
        });
        return found[0];
    }

    /** A pool class's own borrow method (a subclass of a pool overriding or wrapping {@code borrowObject}): lending is its job. */
    private static boolean isPoolsOwnBorrow(RunIndex index, JavaClass c, MethodSite site) {
        return PoolApis.BORROW_NAMES.contains(site.method().name)
                && Supertypes.isAny(index, c, PoolApis.POOL_TYPES.stream().map(t -> t.replace('/', '.')).toList());
    }

    /**
     * A private borrow helper ({@code getJedis()}) whose callers in the class all give the object back on every path:
     * the borrow belongs to them, and the helper only hands it over.
     */
    private static boolean everyCallerGivesItBack(RunIndex index, JavaClass c, MethodSite helper) {
        if (!helper.isPrivate()) {
            return false;
        }
        String self = c.getName().replace('.', '/');
        CallMatcher callsHelper = m -> m.owner.equals(self) && m.name.equals(helper.method().name) && m.desc.equals(helper.method().desc);
        Summaries summaries = PoolSummaries.of(index);
        boolean[] called = {false};
        boolean[] leaks = {false};
        MethodSite.forEach(index, c, callsHelper, caller -> {
            for (int call : caller.flow().calls(callsHelper)) {
                called[0] = true;
                leaks[0] |= !caller.flow().storesOrReturnsOf(call).isEmpty()
                        || PoolAnalysis.leavesWithoutGivingBack(caller, call, summaries).isPresent();
            }
        });
        return called[0] && !leaks[0];
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return PoolAnalysis.usesPools(context.index());
    }
}
