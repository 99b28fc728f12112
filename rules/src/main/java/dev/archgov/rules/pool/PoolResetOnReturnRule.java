package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
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

import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-01: a pooled object is reset when it goes back: the factory's {@code passivateObject} exists and changes the
 * pooled object; a Netty {@code Handle.recycle} follows a reset of the object's state.
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
            if (pooled.isEmpty() || !Factories.immutable(pooled.get())) {
                String what = pooled.map(JavaClass::getSimpleName).orElse("object");
                var passivate = Factories.declared(javaClass, "passivateObject");
                if (passivate.isEmpty()) {
                    sink.accept(new Violation(javaClass.getName(), "passivateObject", javaClass, 0, "the factory has no passivateObject: a returned "
                            + what + " keeps its state (data, position, session) for the next borrower; reset it there"));
                } else if (!resetsSomething(index, passivate.get())) {
                    sink.accept(new Violation(passivate.get().getFullName(), "passivateObject", passivate.get().getOwner(),
                            passivate.get().getSourceCodeLocation().getLineNumber(),
                            "passivateObject resets nothing of the pooled " + what + ": the next borrower gets the previous one's state"));
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
