package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.WebLayer;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
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
@Kind(name = "pool-access-layer", locality = Locality.CLASS, title = "Pools and thread-locals stay in infrastructure and are cleaned up", category = "pool", severity = Severity.MAJOR,
        params = @Param(name = "forbiddenIn", type = ParamType.SELECTOR_LIST,
                        description = "classes that must not use pools directly (default: @Controller, @RestController, JAX-RS @Path)"))
public final class PoolAccessLayerRule extends BaseRule {

    private static final CallMatcher TL_SET = m -> m.name.equals("set") && m.owner.equals("java/lang/ThreadLocal");
    private static final CallMatcher TL_REMOVE = m -> m.name.equals("remove") && m.owner.equals("java/lang/ThreadLocal");
    /** Spring's request and locale holders: thread-locals behind static setters, reset by their own calls. */
    private static final Set<String> HOLDERS = Set.of("org/springframework/web/context/request/RequestContextHolder",
            "org/springframework/context/i18n/LocaleContextHolder");
    private static final List<String> HOLDER_SETS = List.of("setRequestAttributes", "setLocaleContext", "setLocale");
    private static final CallMatcher HOLDER_SET = m -> HOLDERS.contains(m.owner) && HOLDER_SETS.contains(m.name);
    private static final CallMatcher HOLDER_RESET = m -> HOLDERS.contains(m.owner) && (m.name.startsWith("reset") || HOLDER_SETS.contains(m.name));
    private static final String BEFORE = "org.aspectj.lang.annotation.Before";
    /** Summary effects: a thread-local set to a value, and one removed (or set to null). */
    private static final String TL_SETS = "tl-set";
    private static final String TL_CLEARS = "tl-clear";
    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("thread-local summaries");
    private static final String AFTER_RETURNING = "org.aspectj.lang.annotation.AfterReturning";

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

    /** Asked twice per class (the scope, the check), answered once. */
    private static boolean setsThreadLocals(RunIndex index, JavaClass javaClass) {
        return index.of(SETS_THREAD_LOCALS, javaClass, c -> Calls.of(index, c).any(List.of("set"), x -> x.getTargetOwner().getName().equals("java.lang.ThreadLocal"))
                || Calls.of(index, c).any(HOLDER_SETS, x -> HOLDERS.contains(x.getTargetOwner().getName().replace('.', '/')))
                || summaries(index).mayReach(c) && Calls.of(index, c).all()
                .filter(call -> (call.getName().startsWith("set") || call.getName().startsWith("bind"))
                        && call.getTarget().resolveMember().filter(t -> t.getModifiers().contains(JavaModifier.STATIC)).isPresent())
                .anyMatch(call -> isContextSetter(index, c, Calls.of(index, c).instruction(call))));
    }

    private static final RunIndex.Key<Boolean> SETS_THREAD_LOCALS = RunIndex.Key.named("sets thread-locals");

    /** A call of the application's own static context setter ({@code TraceContext.setTrace(t)}): it sets a thread-local and clears none. */
    private static boolean isContextSetter(RunIndex index, JavaClass from, MethodInsnNode m) {
        if (m.owner.startsWith("java/") || !(m.name.startsWith("set") || m.name.startsWith("bind")) || m.owner.equals(from.getName().replace('.', '/'))
                || m.getOpcode() != 0 && m.getOpcode() != Opcodes.INVOKESTATIC) { // a static setter (0: known from ArchUnit's model)
            return false;
        }
        Set<String> effects = summaries(index).ofCallee(from, new MethodInsnNode(Opcodes.INVOKESTATIC, m.owner, m.name, m.desc));
        return effects.contains(TL_SETS) && !effects.contains(TL_CLEARS);
    }

    private static Summaries summaries(RunIndex index) {
        return Summaries.of(index, KEY, new Summaries.Effects() {
            @Override
            public Set<String> of(MethodFlow flow, int call) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                if (TL_REMOVE.matches(m)) {
                    return Set.of(TL_CLEARS);
                }
                return TL_SET.matches(m) ? Set.of(flow.argument(call, 0).roots().stream().anyMatch(flow::isNullConstant) ? TL_CLEARS : TL_SETS) : Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return TL_SET.matches(call) || TL_REMOVE.matches(call);
            }
        });
    }

    /**
     * The application's own context setter called ({@code TraceContext.setTrace(trace)} on a worker thread) by a
     * class that clears the context nowhere: the pooled thread carries the value into its next task.
     */
    private static void contextSettersNeverCleared(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        Summaries summaries = summaries(index);
        CallMatcher setter = m -> isContextSetter(index, javaClass, m);
        if (Calls.of(index, javaClass).instructions().stream().noneMatch(setter::matches)) {
            return; // no context setter called: nothing to clear
        }
        String self = javaClass.getName().replace('.', '/');
        CallMatcher other = m -> !m.owner.equals(self) && !m.owner.startsWith("java/") && !m.name.equals("<init>");
        boolean[] clears = {false};
        MethodSite.forEach(index, javaClass, other, site -> site.flow().calls(other).forEach(c -> clears[0] |= summaries.ofCall(site, c).contains(TL_CLEARS)));
        if (clears[0]) {
            return;
        }
        MethodSite.forEach(index, javaClass, setter, site -> {
            for (int call : site.flow().calls(setter)) {
                MethodInsnNode m = (MethodInsnNode) site.flow().insn(call);
                sink.accept(site.violation(call, MethodSite.describe(m), m.name + "() sets a thread-local that this class never clears: "
                        + "the pooled thread keeps the value for its next task; clear it in a finally block"));
            }
        });
    }

    /**
     * A Spring request or locale context set on a thread this code does not own (a lambda or task body run by an
     * executor) and reset nowhere in the class: the pool thread keeps the finished request for its next task.
     */
    private static void holdersOnPoolThreads(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        if (!Calls.of(index, javaClass).any(HOLDER_SETS, x -> HOLDERS.contains(x.getTargetOwner().getName().replace('.', '/')))) {
            return;
        }
        boolean[] resets = {false}; // reset*(), or a set of null: the class clears the context somewhere
        MethodSite.forEach(index, javaClass, HOLDER_RESET, site -> site.flow().calls(HOLDER_RESET).forEach(r ->
                resets[0] |= ((MethodInsnNode) site.flow().insn(r)).name.startsWith("reset")
                        || site.flow().argument(r, 0).roots().stream().anyMatch(site.flow()::isNullConstant)));
        if (resets[0]) {
            return;
        }
        MethodSite.forEach(index, javaClass, HOLDER_SET, site -> {
            if (!site.isLambda() && !site.owner().getName().contains("$")) {
                return; // a request thread's own filter or interceptor: the framework resets it
            }
            for (int set : site.flow().calls(HOLDER_SET)) {
                MethodInsnNode m = (MethodInsnNode) site.flow().insn(set);
                sink.accept(site.violation(set, MethodSite.describe(m), Type.getObjectType(m.owner).getClassName().replaceAll(".*\\.", "")
                        + "." + m.name + "() on a task thread, never reset: the pool thread keeps the finished request's context for its "
                        + "next task; reset it (resetRequestAttributes()) in a finally block"));
            }
        });
    }

    static void check(RunIndex index, JavaClass javaClass, DescribedPredicate<JavaClass> forbidden, Consumer<Violation> sink) {
        if (forbidden.test(javaClass)) {
            PoolCalls calls = PoolCalls.of(index, javaClass);
            for (JavaMethodCall call : Calls.of(index, javaClass).named(PoolApis.BORROW_AND_RETURN_NAMES)) {
                var m = Calls.of(index, javaClass).instruction(call);
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
        holdersOnPoolThreads(index, javaClass, sink);
        contextSettersNeverCleared(index, javaClass, sink);
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
                    if (isAdvice(site, BEFORE) && fields(flow, local).stream().allMatch(f -> removedOnlyAfterReturning(index, javaClass, f, self))) {
                        sink.accept(site.violation(set, "java.lang.ThreadLocal.set", "ThreadLocal set in @Before and removed only in "
                                + "@AfterReturning: when the advised method throws, no advice removes it and the pooled thread keeps the "
                                + "value; remove it in @After (or @AfterThrowing too)"));
                    }
                    continue; // a set-only method of an API whose other methods remove (bind/unbind, preHandle/afterCompletion)
                }
                flow.pathToExitAvoiding(set, cleanup, MethodFlow.EdgeFilter.NONE).ifPresent(exit ->
                        sink.accept(site.violation(set, "java.lang.ThreadLocal.set", "ThreadLocal set without remove() on every path: "
                                + flow.describeExit(exit) + " leaves the value on a pooled thread for the next request; "
                                + "remove it in a finally block")));
            }
        });
    }

    private static boolean isAdvice(MethodSite site, String annotation) {
        return site.codeUnit().filter(u -> u.isAnnotatedWith(annotation)).isPresent();
    }

    /** Every other method of the class that removes the thread-local field is an {@code @AfterReturning} advice. */
    private static boolean removedOnlyAfterReturning(RunIndex index, JavaClass javaClass, String field, String self) {
        boolean[] found = {false};
        boolean[] other = {false};
        MethodSite.forEach(index, javaClass, TL_REMOVE, site -> {
            if ((site.method().name + site.method().desc).equals(self)) {
                return;
            }
            for (int r : site.flow().calls(TL_REMOVE)) {
                if (fields(site.flow(), site.flow().receiver(r)).contains(field)) {
                    found[0] = true;
                    other[0] |= !isAdvice(site, AFTER_RETURNING);
                }
            }
        });
        return found[0] && !other[0];
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
