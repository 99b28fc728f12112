package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-01: a pooled object is reset when it goes back: the factory's {@code passivateObject} exists and changes the
 * pooled object; a Netty {@code Handle.recycle} follows a reset of the object's state. Asked only of pooled types whose
 * state the analysed code changes (a setter, or a known session-changing call such as Jedis {@code select}, FTP
 * {@code changeWorkingDirectory}, SFTP {@code cd}): a thread-safe client or a transport its borrowers only send
 * commands through has nothing a next borrower could inherit. When the pooled type is unknown (a raw factory), the
 * factory is asked anyway.
 */
@Kind(name = "pool-reset-on-return", title = "Pooled objects are reset when they go back", category = "pool", severity = Severity.MAJOR)
public final class PoolResetOnReturnRule extends BaseRule {

    private static final CallMatcher RECYCLE = m -> m.name.equals("recycle")
            && (m.owner.equals("io/netty/util/Recycler$Handle") || m.owner.equals("io/netty/util/internal/ObjectPool$Handle")
            || m.owner.equals("io/netty/util/Recycler$EnhancedHandle"));
    private static final Set<String> RESETS = Set.of("clear", "reset", "setLength", "setIndex", "clearHeaders", "release");

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().should(new FlowCondition("reset pooled objects on return", context.index(), PoolResetOnReturnRule::check));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return DescribedPredicate.describe("pooled-object factories or recyclers", c -> Factories.isProjectFactory(context.index(), c)
                || Calls.of(context.index(), c).anyNamed("recycle"));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        if (Factories.isProjectFactory(index, javaClass)) {
            var pooled = Factories.pooledType(javaClass);
            List<String> changes = pooled.filter(p -> !Factories.immutable(p)).map(p -> PoolAnalysis.isBuffer(index, p)
                    ? List.of("a buffer is written by its borrowers") : stateChanged(index, p)).orElse(List.of());
            if (pooled.isEmpty() || !changes.isEmpty()) {
                String what = pooled.map(JavaClass::getSimpleName).orElse("object");
                String seen = changes.isEmpty() ? "" : " (" + changes.get(0) + (changes.size() > 1 ? ", and " + (changes.size() - 1) + " more" : "") + ")";
                var passivate = Factories.declared(javaClass, "passivateObject");
                if (passivate.isEmpty()) {
                    sink.accept(new Violation(javaClass.getName(), "passivateObject", javaClass, 0, "the factory has no passivateObject: a returned "
                            + what + " keeps the state its borrower changed" + seen + " for the next borrower; reset it there"));
                } else if (!resetsSomething(index, passivate.get())) {
                    sink.accept(new Violation(passivate.get().getFullName(), "passivateObject", passivate.get().getOwner(),
                            passivate.get().getSourceCodeLocation().getLineNumber(),
                            "passivateObject resets nothing of the pooled " + what + ": the next borrower gets the state the previous one changed" + seen));
                }
            }
        }
        if (Calls.of(index, javaClass).anyNamed("recycle")) {
            MethodSite.forEach(index, javaClass, RECYCLE, site -> {
                MethodFlow flow = site.flow();
                boolean resets = false;
                for (int i = 0; i < flow.size(); i++) {
                    if (flow.insn(i) instanceof FieldInsnNode f && f.getOpcode() == Opcodes.PUTFIELD
                            || flow.insn(i) instanceof MethodInsnNode m && RESETS.contains(m.name)) {
                        resets = true;
                    }
                }
                if (!resets) {
                    for (int call : flow.calls(RECYCLE)) {
                        sink.accept(site.violation(call, "recycle", "recycled without clearing its state: the next get() from the "
                                + "Recycler returns an object still holding the previous user's data; clear the fields first"));
                    }
                }
            });
        }
    }

    /** Calls known to change a pooled session's state, besides setters. */
    private static final Set<String> SESSION_CHANGES = Set.of("select", "auth", "clientSetname", "cd", "changeWorkingDirectory",
            "enterLocalPassiveMode", "enterLocalActiveMode", "configure", "watch", "multi", "subscribe", "psubscribe");

    /**
     * The calls of the analysed code, outside factories and the pooled type itself, that change a pooled object's
     * state: setters ({@code set*}) and {@link #SESSION_CHANGES}, and writes of its fields.
     */
    private static List<String> stateChanged(RunIndex index, JavaClass pooled) {
        List<String> changes = new ArrayList<>();
        for (JavaMethodCall call : pooled.getMethodCallsToSelf()) {
            JavaClass caller = call.getOriginOwner();
            String name = call.getName();
            if (!caller.equals(pooled) && !PoolAnalysis.isFactory(index, caller) && !lendsIt(call.getOrigin(), pooled)
                    && (name.startsWith("set") && name.length() > 3 || SESSION_CHANGES.contains(name))) {
                changes.add(call.getOrigin().getFullName() + " calls " + name + "()");
            }
        }
        for (JavaFieldAccess access : pooled.getFieldAccessesToSelf()) {
            if (access.getAccessType() == JavaFieldAccess.AccessType.SET && !access.getOriginOwner().equals(pooled) && !PoolAnalysis.isFactory(index, access.getOriginOwner())) {
                changes.add(access.getOrigin().getFullName() + " sets " + access.getName());
            }
        }
        return changes;
    }

    /**
     * A method that hands the pooled type out (returns it) after borrowing: the state it sets is set on every lend,
     * so no borrower inherits it from the previous one.
     */
    private static boolean lendsIt(JavaCodeUnit origin, JavaClass pooled) {
        return origin.getRawReturnType().equals(pooled) && origin.getMethodCallsFromSelf().stream()
                .anyMatch(c -> PoolApis.BORROW_NAMES.contains(c.getName()) || c.getName().startsWith("get") && c.getTarget().getRawReturnType().equals(pooled));
    }

    /** Whether passivateObject changes the pooled object: calls a method on it or writes one of its fields. */
    private static boolean resetsSomething(RunIndex index, JavaMethod passivate) {
        boolean wrapped = passivate.getRawParameterTypes().stream().anyMatch(t -> t.getName().equals("org.apache.commons.pool2.PooledObject"));
        return MethodSite.of(index, passivate.getOwner(), passivate.getName(), Descriptors.of(passivate)).map(site -> {
            MethodFlow flow = site.flow();
            for (int i = 0; i < flow.size(); i++) {
                if (!flow.reachable(i)) {
                    continue;
                }
                if (flow.insn(i) instanceof MethodInsnNode m && !m.name.equals("getObject")) {
                    int args = Type.getArgumentTypes(m.desc).length;
                    if (m.getOpcode() != Opcodes.INVOKESTATIC && isPooled(flow, flow.receiver(i), wrapped)) {
                        return true; // a call on the pooled object
                    }
                    for (int a = 0; a < args; a++) {
                        if (isPooled(flow, flow.argument(i, a), wrapped)) {
                            return true; // the pooled object handed to a reset (Arrays.fill, a helper)
                        }
                    }
                } else if (flow.insn(i).getOpcode() == Opcodes.PUTFIELD && isPooled(flow, flow.stackValue(i, 1), wrapped)) {
                    return true;
                }
            }
            return false;
        }).orElse(true);
    }

    /**
     * The pooled object: what {@code getObject()} returns on the {@code PooledObject} parameter (commons-pool2, where
     * calls on the wrapper itself change nothing of the object), or the parameter itself (commons-pool 1).
     */
    private static boolean isPooled(MethodFlow flow, MethodFlow.Origin o, boolean wrapped) {
        if (!wrapped && o.params().stream().anyMatch(p -> !p.equals("param:0"))) {
            return true;
        }
        return o.roots().stream().anyMatch(r -> flow.insn(r) instanceof MethodInsnNode m && m.name.equals("getObject")
                && flow.receiver(r).params().stream().anyMatch(p -> !p.equals("param:0")));
    }
}
