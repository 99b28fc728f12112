package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Globs;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.List;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** POOL-05: a pool is built once: in a constructor, static initialisation, a {@code @Bean} method or a named factory. */
@Kind(name = "pool-long-lived", title = "Pools are long-lived", category = "pool", severity = Severity.CRITICAL,
        params = @Param(name = "factoryMethods", type = ParamType.STRING_LIST,
                        description = "methods (Type.method globs) that build the application's pools once, besides constructors, static init and @Bean"))
public final class PoolLongLivedRule extends BaseRule {

    private static final String BEAN = "org.springframework.context.annotation.Bean";

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<Globs.Glob> factories = ctx.params().strings("factoryMethods").stream().map(Globs::compile).toList();
        return classes().that(buildsPools(ctx.index())).should(new FlowCondition("build pools once", ctx.index(), (index, c, sink) ->
                MethodSite.forEach(index, c, (Predicate<MethodNode>) m -> !m.name.equals("<init>")
                        && !m.name.equals("<clinit>") && !m.name.startsWith("lambda$static$") && constructsPool(m), site -> {
                    String name = c.getName() + "." + site.method().name;
                    boolean bean = site.codeUnit().filter(u -> u instanceof JavaMethod jm && jm.isAnnotatedWith(BEAN)).isPresent();
                    if (bean || factories.stream().anyMatch(p -> p.matches(name))) {
                        return;
                    }
                    for (int i = 0; i < site.flow().size(); i++) {
                        if (site.flow().insn(i) instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW && PoolApis.CONSTRUCTED.contains(t.desc)
                                && site.flow().reachable(i) && !outlivesTheCall(site.flow(), i)) {
                            sink.accept(site.violation(i, Type.getObjectType(t.desc).getClassName(), "a new "
                                    + Type.getObjectType(t.desc).getClassName().replaceAll(".*\\.", "") + " on every call: nothing is "
                                    + "reused and its objects (connections) leak; build the pool once (constructor, @Bean) and share it"));
                        }
                    }
                })));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return buildsPools(context.index());
    }

    /** The new pool is returned or stored in a field: it lives on after this call (a factory method). */
    private static boolean outlivesTheCall(MethodFlow flow, int newInsn) {
        for (int i = 0; i < flow.size(); i++) {
            int op = flow.insn(i).getOpcode();
            if (flow.reachable(i) && (op == Opcodes.ARETURN || op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC)
                    && flow.stackValue(i, 0).roots().contains(newInsn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean constructsPool(MethodNode m) {
        for (var insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW && PoolApis.CONSTRUCTED.contains(t.desc)) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> CONSTRUCTED_TYPES = PoolApis.CONSTRUCTED.stream().map(n -> n.replace('/', '.')).toList();

    private static DescribedPredicate<JavaClass> buildsPools(RunIndex index) {
        return DescribedPredicate.describe("build pools", c -> Calls.of(index, c).constructsAny(CONSTRUCTED_TYPES));
    }
}
