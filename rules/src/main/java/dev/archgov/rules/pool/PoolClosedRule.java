package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Bytecode;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-08: a pool an object builds and keeps in its own field is closed with it ({@code @PreDestroy},
 * {@code DisposableBean.destroy}, {@code close()}); otherwise its connections and eviction thread outlive the owner on
 * every context shutdown or restart. A pool a {@code @Bean} method returns is closed by Spring and is not asked about.
 */
@Kind(name = "pool-closed", locality = Locality.CLASS, title = "Pools are closed with their owner", category = "pool", severity = Severity.MINOR)
public final class PoolClosedRule extends BaseRule {

    private static final String BEAN = "org.springframework.context.annotation.Bean";
    /** Calls that end a pool's life. */
    private static final Set<String> CLOSES = Set.of("close", "destroy", "shutdown", "shutdownNow", "closePool", "destroyPool");

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(scope(context)).should(new FlowCondition("close the pools they keep", context.index(), (index, c, sink) -> {
            Bytecode.ClassFlows bytecode = Bytecode.of(index, c).orElse(null);
            if (bytecode == null) {
                return;
            }
            String self = bytecode.node().name;
            Set<String> reported = new HashSet<>();
            MethodSite.forEach(index, c, (Predicate<MethodNode>) PoolAnalysis::constructsPool, site -> {
                MethodFlow flow = site.flow();
                for (int i = 0; i < flow.size(); i++) {
                    if (!(flow.insn(i) instanceof FieldInsnNode put) || put.getOpcode() != Opcodes.PUTFIELD || !put.owner.equals(self)
                            || !flow.reachable(i)) {
                        continue;
                    }
                    int stored = i;
                    boolean newPool = flow.stackValue(i, 0).roots().stream().anyMatch(r -> flow.insn(r) instanceof TypeInsnNode t
                            && t.getOpcode() == Opcodes.NEW && PoolApis.CONSTRUCTED.contains(t.desc));
                    if (!newPool || !isPrivate(bytecode, put.name) || !reported.add(put.name) || closedOrHandedOn(index, c, bytecode, put.name)) {
                        continue;
                    }
                    String type = Type.getType(put.desc).getClassName().replaceAll(".*\\.", "");
                    sink.accept(site.violation(stored, Type.getType(put.desc).getClassName(), "the " + type + " kept in field '" + put.name
                            + "' is never closed: its connections and eviction thread outlive this object on every shutdown or context "
                            + "restart; close it in a @PreDestroy method (or DisposableBean.destroy / close()), or make it a @Bean"));
                }
            });
        }));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        RunIndex index = context.index();
        return PoolAnalysis.buildsPools(index);
    }


    private static boolean isPrivate(Bytecode.ClassFlows bytecode, String field) {
        for (FieldNode f : bytecode.node().fields) {
            if (f.name.equals(field)) {
                return (f.access & Opcodes.ACC_PRIVATE) != 0;
            }
        }
        return false;
    }

    /**
     * Some method of the class closes the field's pool, or lets it go where the class cannot see: returns it (a getter,
     * a {@code @Bean}), hands it to another method (a holder, {@code closeQuietly(pool)}). Then it is not reported.
     */
    private static boolean closedOrHandedOn(RunIndex index, JavaClass c, Bytecode.ClassFlows bytecode, String field) {
        String self = bytecode.node().name;
        boolean[] found = {false};
        MethodSite.forEach(index, c, (Predicate<MethodNode>) m -> reads(m, self, field), site -> {
            MethodFlow flow = site.flow();
            for (int i = 0; i < flow.size() && !found[0]; i++) {
                if (!(flow.insn(i) instanceof FieldInsnNode get) || get.getOpcode() != Opcodes.GETFIELD || !get.owner.equals(self)
                        || !get.name.equals(field)) {
                    continue;
                }
                found[0] = used(flow, i) || site.codeUnit().filter(u -> u instanceof JavaMethod jm && jm.isAnnotatedWith(BEAN)).isPresent();
            }
        });
        return found[0];
    }

    /** The value read at {@code read} is closed, returned, stored elsewhere or handed to a method. */
    private static boolean used(MethodFlow flow, int read) {
        for (int i = 0; i < flow.size(); i++) {
            int op = flow.insn(i).getOpcode();
            if ((op == Opcodes.ARETURN || op == Opcodes.PUTSTATIC || op == Opcodes.AASTORE || op == Opcodes.PUTFIELD)
                    && flow.stackValue(i, 0).roots().contains(read)) {
                return true;
            }
            if (flow.insn(i) instanceof MethodInsnNode m) {
                if (m.getOpcode() != Opcodes.INVOKESTATIC && CLOSES.contains(m.name) && flow.receiver(i).roots().contains(read)) {
                    return true;
                }
                for (int a = 0; a < Type.getArgumentTypes(m.desc).length; a++) {
                    if (flow.argument(i, a).roots().contains(read)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean reads(MethodNode m, String owner, String field) {
        for (var insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.GETFIELD && f.owner.equals(owner) && f.name.equals(field)) {
                return true;
            }
        }
        return false;
    }
}
