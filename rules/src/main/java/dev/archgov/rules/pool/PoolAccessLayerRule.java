package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.WebLayer;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-07: pools and thread-locals belong to infrastructure. Pool calls from the web layer (or from classes the
 * contract forbids) are reported; so is a {@code ThreadLocal.set} without a {@code remove()} (or a restoring
 * {@code set} of the previous value) on every path. A method that only sets is fine when the class removes the
 * thread-local elsewhere (set in {@code preHandle}, removed in {@code afterCompletion}).
 */
@Kind(name = "pool-access-layer", title = "Pools and thread-locals stay in infrastructure and are cleaned up", category = "pool", severity = Severity.MAJOR,
        params = @Param(name = "forbiddenIn", type = ParamType.SELECTOR_LIST,
                        description = "classes that must not use pools directly (default: @Controller, @RestController, JAX-RS @Path)"))
public final class PoolAccessLayerRule extends BaseRule {

    private static final CallMatcher TL_SET = m -> m.name.equals("set") && m.owner.equals("java/lang/ThreadLocal");
    private static final CallMatcher TL_REMOVE = m -> m.name.equals("remove") && m.owner.equals("java/lang/ThreadLocal");

    @Override
    public ArchRule compile(RuleContext ctx) {
        DescribedPredicate<JavaClass> web = ctx.classesOr("forbiddenIn", WebLayer.classes());
        return classes().should(new FlowCondition("keep pools and thread-locals in infrastructure", ctx.index(), (index, c, sink) -> check(index, c, web, sink)));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return PoolAnalysis.usesPools(context.index()).or(DescribedPredicate.describe("set thread-locals",
                c -> setsThreadLocals(context.index(), c)));
    }

    private static boolean setsThreadLocals(RunIndex index, JavaClass c) {
        return Calls.of(index, c).any(List.of("set"), x -> x.getTargetOwner().getName().equals("java.lang.ThreadLocal"));
    }

    static void check(RunIndex index, JavaClass javaClass, DescribedPredicate<JavaClass> forbidden, Consumer<Violation> sink) {
        if (forbidden.test(javaClass)) {
            PoolCalls calls = PoolCalls.of(index, javaClass);
            for (JavaMethodCall call : Calls.of(index, javaClass).named(PoolApis.BORROW_AND_RETURN_NAMES)) {
                var m = Descriptors.asInstruction(call);
                if (calls.borrow().matches(m) || calls.giveBack().matches(m)) {
                    sink.accept(new Violation(call.getOrigin().getFullName(), call.getTarget().getFullName(), javaClass, call.getLineNumber(),
                            "object pool used from the web layer (" + javaClass.getSimpleName() + "): pools belong to infrastructure; "
                                    + "go through a client or service"));
                }
            }
        }
        if (!setsThreadLocals(index, javaClass)) {
            return;
        }
        Map<String, Set<String>> touchedBy = new HashMap<>(); // thread-local field -> methods setting or removing it
        MethodSite.forEach(index, javaClass, TL_REMOVE.or(TL_SET), site -> site.flow().calls(TL_REMOVE.or(TL_SET)).forEach(r ->
                fields(site.flow(), site.flow().receiver(r)).forEach(f ->
                        touchedBy.computeIfAbsent(f, k -> new HashSet<>()).add(site.method().name + site.method().desc))));
        MethodSite.forEach(index, javaClass, TL_SET, site -> {
            MethodFlow flow = site.flow();
            for (int set : flow.calls(TL_SET)) {
                MethodFlow.Origin local = flow.receiver(set);
                if (restoresPrevious(flow, set)) {
                    continue; // set(old) with old = get(): the cleanup half of the save/restore idiom
                }
                // cleanup: a remove, or a later set restoring the previous value (old = get(); set(x); finally set(old))
                IntPredicate cleanup = i -> i != set && flow.insn(i) instanceof MethodInsnNode m
                        && (TL_REMOVE.matches(m) || TL_SET.matches(m)) && flow.maySame(local, flow.receiver(i));
                boolean cleansSomewhere = flow.reaches(set, cleanup);
                boolean clearsOnAnotherBranch = flow.calls(TL_REMOVE).stream().anyMatch(r -> flow.maySame(local, flow.receiver(r)));
                if (!cleansSomewhere && clearsOnAnotherBranch) {
                    continue; // a "set, or clear when null" accessor: its callers manage the lifecycle
                }
                String self = site.method().name + site.method().desc;
                if (!cleansSomewhere && fields(flow, local).stream().anyMatch(f -> touchedBy.getOrDefault(f, Set.of()).stream()
                        .anyMatch(m -> !m.equals(self)))) {
                    continue; // a set-only method of an API whose other methods remove (bind/unbind, preHandle/afterCompletion)
                }
                flow.pathToExitAvoiding(set, cleanup, MethodFlow.EdgeFilter.NONE).ifPresent(exit ->
                        sink.accept(site.violation(set, "java.lang.ThreadLocal.set", "ThreadLocal set without remove() on every path: "
                                + flow.describeExit(exit) + " leaves the value on a pooled thread for the next request; "
                                + "remove it in a finally block")));
            }
        });
    }

    private static boolean restoresPrevious(MethodFlow flow, int set) {
        return flow.argument(set, 0).roots().stream().anyMatch(r -> flow.insn(r) instanceof MethodInsnNode m
                && m.name.equals("get") && m.owner.equals("java/lang/ThreadLocal"));
    }

    private static Set<String> fields(MethodFlow flow, MethodFlow.Origin o) {
        Set<String> result = new HashSet<>();
        for (int r : o.roots()) {
            if (flow.insn(r) instanceof FieldInsnNode f) {
                result.add(f.owner + "." + f.name);
            }
        }
        return result;
    }
}
