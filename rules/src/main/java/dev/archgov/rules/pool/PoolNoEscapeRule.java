package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Globs;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
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
@Kind(name = "pool-no-escape", locality = Locality.CLASS, title = "Borrowed objects do not escape the borrowing method", category = "pool", severity = Severity.MAJOR,
        params = @Param(name = "ownershipTransfer", type = ParamType.CODE_GLOBS,
                        description = "methods (Type.method globs) that hand a borrowed object to their caller by design"))
public final class PoolNoEscapeRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<Globs.Glob> transfer = ctx.params().strings("ownershipTransfer").stream().map(Globs::compile).toList();
        return classes().that(PoolAnalysis.usesPools(ctx.index())).should(new FlowCondition("keep borrowed objects local", ctx.index(), (index, c, sink) ->
                MethodSite.forEach(index, c, PoolAnalysis.borrowing(index, c), site -> {
                    MethodFlow flow = site.flow();
                    boolean transfers = transfer.stream().anyMatch(p -> p.matches(c.getName() + "." + site.method().name));
                    for (int borrow : PoolAnalysis.borrows(site)) {
                        boolean lent = !PoolAnalysis.isPoolBorrow(site, borrow); // from the application's own lending method
                        for (int escape : flow.storesOrReturnsOf(borrow)) {
                            boolean returned = flow.insn(escape).getOpcode() == Opcodes.ARETURN;
                            if (!returned && scopedByClose(index, c)) {
                                continue; // a resource-scoped holder: try-with-resources gives it back through close()
                            }
                            if (returned && (transfers || lent || returnedByDesign(ctx.index(), c, flow, borrow) || isPoolsOwnBorrow(index, c, site)
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
     * The class is {@code AutoCloseable} and its {@code close()} gives back what it borrowed: a session that holds a
     * borrowed object for its lifetime, scoped by try-with-resources.
     */
    private static boolean scopedByClose(RunIndex index, JavaClass c) {
        if (!Supertypes.isAny(index, c, List.of("java.lang.AutoCloseable"))) {
            return false;
        }
        MethodInsnNode close = new MethodInsnNode(Opcodes.INVOKEVIRTUAL, c.getName().replace('.', '/'), "close", "()V");
        return PoolSummaries.of(index).ofCallee(c, close).contains(PoolSummaries.RETURN);
    }

    /**
     * The class lends objects out and takes them back through its own API: a non-private method returns an object it
     * was given (a parameter) to the same pool (a pooled target source, a connection manager). Its callers pair the calls.
     */
    private static boolean returnedByDesign(RunIndex index, JavaClass c, MethodFlow flow, int borrow) {
        Set<String> pools = poolsOf(flow, flow.receiver(borrow));
        boolean[] found = {false};
        CallMatcher giveBack = PoolCalls.of(index, c).giveBack();
        MethodSite.forEach(index, c, giveBack, other -> {
            if (other.isPrivate()) {
                return;
            }
            for (int ret : other.flow().calls(giveBack)) {
                boolean givenBack = PoolAnalysis.returnedObject(other.flow(), ret).map(o -> !o.params().isEmpty()).orElse(false);
                if (givenBack && poolsOf(other.flow(), other.flow().receiver(ret)).stream().anyMatch(pools::contains)) {
                    found[0] = true;
                }
            }
        });
        return found[0];
    }

    /** The pools a value names: the fields it is read from, or a registry field it is looked up in ({@code poolMap.get(key)}). */
    private static Set<String> poolsOf(MethodFlow flow, MethodFlow.Origin pool) {
        Set<String> result = new HashSet<>();
        for (int r : pool.roots()) {
            if (flow.insn(r) instanceof FieldInsnNode f) {
                result.add(f.owner + "." + f.name);
            } else if (flow.insn(r) instanceof MethodInsnNode m && (m.name.equals("get") || m.name.equals("getOrDefault"))) {
                for (int q : flow.receiver(r).roots()) {
                    if (flow.insn(q) instanceof FieldInsnNode f) {
                        result.add(f.owner + "." + f.name + "[]");
                    }
                }
            }
        }
        return result;
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
