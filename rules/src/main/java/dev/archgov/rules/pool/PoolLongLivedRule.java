package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
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
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** POOL-05: a pool is built once: in a constructor, static initialisation, a {@code @Bean} method or a named factory. */
@Kind(name = "pool-long-lived", locality = Locality.CLASS, title = "Pools are long-lived", category = "pool", severity = Severity.CRITICAL,
        params = @Param(name = "factoryMethods", type = ParamType.CODE_GLOBS,
                        description = "methods (Type.method globs) that build the application's pools once, besides constructors, static init and @Bean"))
public final class PoolLongLivedRule extends BaseRule {

    private static final String BEAN = "org.springframework.context.annotation.Bean";

    /** The summary effect of a method that builds a pool and returns it (a pool factory method). */
    private static final String MAKES_POOL = "new-pool" + Summaries.RESULT;
    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("pool factory summaries");

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<Globs.Glob> factories = ctx.params().strings("factoryMethods").stream().map(Globs::compile).toList();
        return classes().that(scope(ctx)).should(new FlowCondition("build pools once", ctx.index(), (index, c, sink) ->
                MethodSite.forEach(index, c, (Predicate<MethodNode>) m -> !m.name.equals("<init>")
                        && !m.name.equals("<clinit>") && !m.name.startsWith("lambda$static$") && (PoolAnalysis.constructsPool(m) || callsPoolFactory(m)), site -> {
                    String name = c.getName() + "." + site.method().name;
                    boolean bean = site.codeUnit().filter(u -> u instanceof JavaMethod jm && jm.isAnnotatedWith(BEAN)).isPresent();
                    if (bean || factories.stream().anyMatch(p -> p.matches(name))) {
                        return;
                    }
                    MethodFlow flow = site.flow();
                    for (int i = 0; i < flow.size(); i++) {
                        if (!flow.reachable(i) || outlivesTheCall(flow, i)) {
                            continue;
                        }
                        if (flow.insn(i) instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW && PoolApis.CONSTRUCTED.contains(t.desc)) {
                            sink.accept(site.violation(i, Type.getObjectType(t.desc).getClassName(), "a new " + simpleName(t.desc)
                                    + " on every call: nothing is reused and its objects (connections) leak; build the pool once "
                                    + "(constructor, @Bean) and share it"));
                        } else if (flow.insn(i) instanceof MethodInsnNode m && returnsPool(m) && summaries(index).ofCall(site, i).contains(MAKES_POOL)) {
                            int made = i;
                            boolean closed = !flow.calls(k -> k.name.equals("close") || k.name.equals("destroy")).stream()
                                    .filter(k -> flow.receiver(k).roots().contains(made)).toList().isEmpty();
                            sink.accept(site.violation(i, MethodSite.describe(m), m.name + "() builds a new "
                                    + simpleName(Type.getReturnType(m.desc).getInternalName()) + " on every call, and this caller uses it once"
                                    + (closed ? " and destroys it: every call pays for new connections (and sentinel threads) and nothing is reused"
                                    : " and drops it: nothing is reused and its threads and connections leak") + "; build the pool once and share it"));
                        }
                    }
                })));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        RunIndex index = context.index();
        return PoolAnalysis.buildsPools(index).or(DescribedPredicate.describe("call pool factory methods", c -> Calls.of(index, c).instructions().stream()
                .anyMatch(m -> returnsPool(m) && summaries(index).mayReach(c) && summaries(index).ofAnyImplementation(c, m).contains(MAKES_POOL))));
    }

    private static String simpleName(String internalName) {
        return Type.getObjectType(internalName).getClassName().replaceAll(".*\\.", "");
    }

    /** A call of the application's own method declared to return a pool type. */
    private static boolean returnsPool(MethodInsnNode m) {
        Type result = Type.getReturnType(m.desc);
        return result.getSort() == Type.OBJECT && PoolApis.CONSTRUCTED.contains(result.getInternalName()) && !m.name.equals("<init>")
                && !PoolApis.CONSTRUCTED.contains(m.owner);
    }

    private static boolean callsPoolFactory(MethodNode method) {
        for (var insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode m && returnsPool(m)) {
                return true;
            }
        }
        return false;
    }

    /** Pool factory methods of the analysed code: a method that builds a pool and returns it, through wrappers that return it in turn. */
    private static Summaries summaries(RunIndex index) {
        return Summaries.of(index, KEY, new Summaries.Effects() {
            @Override
            public Set<String> of(MethodFlow flow, int call) {
                MethodInsnNode init = (MethodInsnNode) flow.insn(call);
                if (!init.name.equals("<init>") || !PoolApis.CONSTRUCTED.contains(init.owner)) {
                    return Set.of();
                }
                for (int created : flow.receiver(call).roots()) {
                    if (kept(flow, created)) {
                        return Set.of(); // a get-or-create registry (poolMap.put), not a factory of fresh pools
                    }
                    for (int i = 0; i < flow.size(); i++) {
                        if (flow.insn(i).getOpcode() == Opcodes.ARETURN && flow.reachable(i) && flow.stackValue(i, 0).roots().contains(created)) {
                            return Set.of(MAKES_POOL);
                        }
                    }
                }
                return Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return call.name.equals("<init>") && PoolApis.CONSTRUCTED.contains(call.owner);
            }
        });
    }

    /**
     * The new pool (a {@code new}, or a pool factory method's result) is returned, stored in a field or an array, or
     * registered in a collection a field holds
     * ({@code poolMap.put(key, pool)}): it lives on after this call (a factory method, a registry).
     */
    private static boolean outlivesTheCall(MethodFlow flow, int newInsn) {
        for (int i = 0; i < flow.size(); i++) {
            if (flow.reachable(i) && flow.insn(i).getOpcode() == Opcodes.ARETURN && flow.stackValue(i, 0).roots().contains(newInsn)) {
                return true;
            }
        }
        return kept(flow, newInsn);
    }

    /** The value is stored in a field or an array, or registered in a collection a field holds. */
    private static boolean kept(MethodFlow flow, int newInsn) {
        for (int i = 0; i < flow.size(); i++) {
            int op = flow.insn(i).getOpcode();
            if (!flow.reachable(i)) {
                continue;
            }
            if ((op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC || op == Opcodes.AASTORE) && flow.stackValue(i, 0).roots().contains(newInsn)) {
                return true;
            }
            if (flow.insn(i) instanceof MethodInsnNode m && REGISTERS.contains(m.name) && m.getOpcode() != Opcodes.INVOKESTATIC
                    && flow.receiver(i).roots().stream().anyMatch(r -> flow.insn(r) instanceof FieldInsnNode)) {
                int args = Type.getArgumentTypes(m.desc).length;
                for (int a = 0; a < args; a++) {
                    if (flow.argument(i, a).roots().contains(newInsn)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Calls that keep a value in a collection. */
    private static final Set<String> REGISTERS = Set.of("put", "putIfAbsent", "add", "offer", "addLast", "addFirst");



}
