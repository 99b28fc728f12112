package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.flow.CallMatcher;
import dev.archgov.engine.flow.MethodFlow;
import dev.archgov.engine.spi.ParamSpec;
import dev.archgov.engine.spi.ParamType;
import dev.archgov.engine.spi.RuleContext;
import dev.archgov.engine.spi.RuleKind;
import dev.archgov.engine.spi.RuleMeta;
import dev.archgov.engine.spi.Violation;
import dev.archgov.rules.support.Descriptors;
import dev.archgov.rules.support.FlowCondition;
import dev.archgov.rules.support.MethodSite;
import org.objectweb.asm.tree.FieldInsnNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-07: pools and thread-locals belong to infrastructure. Pool calls from the web layer (or from classes the
 * contract forbids) are reported; so is a {@code ThreadLocal.set} without a {@code remove()} on every path, unless the
 * class removes it in another non-private method (set in {@code preHandle}, removed in {@code afterCompletion}).
 */
public final class PoolAccessLayerRule implements RuleKind {
    private static final RuleMeta META = RuleMeta.of(PoolAccessLayerRule.class,
            "Pools and thread-locals stay in infrastructure and are cleaned up", "pool", Severity.MAJOR);
    private static final List<String> WEB = List.of("org.springframework.stereotype.Controller",
            "org.springframework.web.bind.annotation.RestController", "jakarta.ws.rs.Path", "javax.ws.rs.Path");
    private static final CallMatcher TL_SET = m -> m.name.equals("set") && m.owner.equals("java/lang/ThreadLocal");
    private static final CallMatcher TL_REMOVE = m -> m.name.equals("remove") && m.owner.equals("java/lang/ThreadLocal");

    @Override
    public String name() {
        return "pool-access-layer";
    }

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.optional("forbiddenIn", ParamType.SELECTOR_LIST,
                "classes that must not use pools directly (default: @Controller, @RestController, JAX-RS @Path)"));
    }

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<ClassSelector> forbidden = ctx.params().selectorList("forbiddenIn");
        DescribedPredicate<JavaClass> web = forbidden.isEmpty()
                ? DescribedPredicate.describe("web classes", c -> WEB.stream().anyMatch(c::isMetaAnnotatedWith))
                : forbidden.stream().map(ctx::classes).reduce((a, b) -> a.or(b)).orElseThrow();
        return classes().should(new FlowCondition("keep pools and thread-locals in infrastructure", (c, sink) -> check(c, web, sink)));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return PoolApis.usesPools().or(DescribedPredicate.describe("set thread-locals",
                c -> c.getMethodCallsFromSelf().stream().anyMatch(x -> TL_SET.matches(Descriptors.asInstruction(x)))));
    }

    static void check(JavaClass javaClass, DescribedPredicate<JavaClass> forbidden, Consumer<Violation> sink) {
        if (forbidden.test(javaClass)) {
            for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                var m = Descriptors.asInstruction(call);
                if (PoolApis.BORROW.matches(m) || PoolApis.RETURN.matches(m)) {
                    sink.accept(new Violation(call.getOrigin().getFullName(), call.getTarget().getFullName(), javaClass, call.getLineNumber(),
                            "object pool used from the web layer (" + javaClass.getSimpleName() + "): pools belong to infrastructure; "
                                    + "go through a client or service"));
                }
            }
        }
        if (javaClass.getMethodCallsFromSelf().stream().noneMatch(x -> x.getName().equals("set") && x.getTargetOwner().getName().equals("java.lang.ThreadLocal"))) {
            return;
        }
        Set<String> removedElsewhere = new HashSet<>();
        MethodSite.forEach(javaClass, TL_REMOVE, site -> {
            if (!site.isPrivate() && site.flow().calls(TL_SET).isEmpty()) {
                site.flow().calls(TL_REMOVE).forEach(r -> removedElsewhere.addAll(fields(site.flow(), site.flow().receiver(r))));
            }
        });
        MethodSite.forEach(javaClass, TL_SET, site -> {
            MethodFlow flow = site.flow();
            for (int set : flow.calls(TL_SET)) {
                MethodFlow.Origin local = flow.receiver(set);
                if (fields(flow, local).stream().anyMatch(removedElsewhere::contains)) {
                    continue;
                }
                flow.pathToExitAvoiding(set, i -> flow.insn(i) instanceof org.objectweb.asm.tree.MethodInsnNode m && TL_REMOVE.matches(m)
                        && flow.maySame(local, flow.receiver(i)), MethodFlow.EdgeFilter.NONE).ifPresent(exit ->
                        sink.accept(site.violation(set, "java.lang.ThreadLocal.set", "ThreadLocal set without remove() on every path: "
                                + BorrowReturnRule.exitText(flow, exit) + " leaves the value on a pooled thread for the next request; "
                                + "remove it in a finally block")));
            }
        });
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
