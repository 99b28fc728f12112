package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * SETNX locks: a Redis key set only if absent ({@code setIfAbsent}, Jedis {@code setnx}, {@code set(k, v, "NX", …)})
 * and deleted again in the same method, directly or through the application's own wrappers
 * ({@code redisService.setNx(key, "1")} … {@code redisService.del(key)}): the method uses the key as a lock. Its
 * release is a {@code DEL} of the same key, or an owner-checked compare-and-delete (a Lua script, or a {@code GET}
 * of the key compared before the {@code DEL}). A SETNX whose key is never deleted in the method is not taken for a
 * lock (an idempotency marker, a lock left to expire): nothing is said about it here.
 *
 * <p>A key written again after the SETNX ({@code PROCESSING}, then the result) is a state record, not a lock.
 *
 * <p>The effects, in {@link #summaries}: {@code setnx@K} (no expiry), {@code setnx-ttl@K} (with one),
 * {@code del@K}, {@code get@K}, {@code put@K}, K the slot of the key parameter, and {@code cad} (a script that
 * compares and deletes).
 */
final class SetnxLocks {
    static final String SETNX = "setnx";
    static final String SETNX_TTL = "setnx-ttl";
    static final String DEL = "del";
    static final String GET = "get";
    static final String CAD = "cad";
    static final String PUT = "put";

    private static final Set<String> REDIS_OPS = Set.of("org/springframework/data/redis/core/ValueOperations",
            "org/springframework/data/redis/core/BoundValueOperations");
    /** SETNX without an expiry in the same call. */
    static final CallMatcher SETNX_NO_EXPIRY = m -> REDIS_OPS.contains(m.owner) && m.name.equals("setIfAbsent")
            && (m.desc.equals("(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Boolean;") || m.desc.equals("(Ljava/lang/Object;)Ljava/lang/Boolean;"))
            || m.name.equals("setnx") && isJedis(m.owner);
    private static final CallMatcher SETNX_WITH_EXPIRY = m -> REDIS_OPS.contains(m.owner) && m.name.equals("setIfAbsent") && !SETNX_NO_EXPIRY.matches(m);
    static final CallMatcher DELETE = m -> (m.name.equals("delete") || m.name.equals("unlink") || m.name.equals("del"))
            && (m.owner.startsWith("org/springframework/data/redis/") || isJedis(m.owner));
    private static final CallMatcher READ = m -> m.name.equals("get") && (REDIS_OPS.contains(m.owner) || isJedis(m.owner));
    /** A plain write of a key (not if-absent). */
    private static final CallMatcher WRITE = m -> m.name.equals("set") && REDIS_OPS.contains(m.owner)
            || (m.name.equals("set") || m.name.equals("setex") || m.name.equals("psetex")) && isJedis(m.owner);
    private static final CallMatcher SCRIPT = m -> m.name.equals("execute") && m.owner.startsWith("org/springframework/data/redis/core/")
            && m.desc.startsWith("(Lorg/springframework/data/redis/core/script/RedisScript;")
            || (m.name.equals("eval") || m.name.equals("evalsha")) && isJedis(m.owner);

    private SetnxLocks() {
    }

    private static boolean isJedis(String owner) {
        return owner.startsWith("redis/clients/jedis/");
    }

    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("setnx summaries");

    /** The SETNX effects of the analysed code's methods, through its Redis wrappers. */
    static Summaries summaries(RunIndex index) {
        return Summaries.of(index, KEY, Summaries.inFlow(SetnxLocks::direct, SetnxLocks::mayAffect));
    }

    /** Whether the call is one the SETNX effects come from (a cheap test on the instruction alone). */
    static boolean mayAffect(MethodInsnNode m) {
        return SETNX_NO_EXPIRY.matches(m) || SETNX_WITH_EXPIRY.matches(m) || DELETE.matches(m) || READ.matches(m) || SCRIPT.matches(m)
                || WRITE.matches(m);
    }

    /** The SETNX effects of one library call, the key's parameter slot attached when the key is a parameter. */
    static Set<String> direct(MethodFlow flow, int i) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(i);
        String effect = SETNX_NO_EXPIRY.matches(m) ? SETNX : SETNX_WITH_EXPIRY.matches(m) || jedisSetNx(flow, i) ? SETNX_TTL
                : DELETE.matches(m) ? DEL : READ.matches(m) ? GET : SCRIPT.matches(m) ? CAD : WRITE.matches(m) ? PUT : null;
        if (effect == null) {
            return Set.of();
        }
        if (effect.equals(CAD) || Type.getArgumentTypes(m.desc).length == 0) {
            return Set.of(effect);
        }
        MethodFlow.Origin key = flow.argument(i, 0);
        if (!key.unknown() && key.roots().isEmpty() && key.params().size() == 1) {
            return Set.of(effect + "@" + key.params().iterator().next().substring("param:".length()));
        }
        return Set.of(effect);
    }

    /** Jedis {@code set(key, value, "NX", "EX", seconds)} (the older five-argument form). */
    private static boolean jedisSetNx(MethodFlow flow, int i) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(i);
        if (!m.name.equals("set") || !isJedis(m.owner)) {
            return false;
        }
        int args = Type.getArgumentTypes(m.desc).length;
        for (int a = 2; a < args; a++) {
            if (flow.constantArgument(i, a).filter(c -> "NX".equalsIgnoreCase(String.valueOf(c))).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * One SETNX lock of a method: its acquire, the releases of its key (plain deletes, owner-checked ones), and the
     * steps of a release (the calls that compute its key and arguments, the GET that checks the owner): reaching one
     * is releasing, for the question "is it released on every path".
     */
    record Lock(MethodSite site, int acquire, boolean expiring, List<Integer> deletes, List<Integer> ownerChecked, Set<Integer> releaseSteps) {

        /** Whether the acquire is a call of the application's own wrapper (not the Redis client itself). */
        boolean throughWrapper() {
            return !mayAffect((MethodInsnNode) site.flow().insn(acquire));
        }

        String describe() {
            return MethodSite.describe((MethodInsnNode) site.flow().insn(acquire));
        }
    }

    /** Classes that take SETNX locks: they call setIfAbsent/setnx, or a method of the application's code that does. */
    static DescribedPredicate<JavaClass> users(RunIndex index) {
        Summaries summaries = summaries(index);
        return index.memo(USERS, DescribedPredicate.describe("take SETNX locks", c -> Calls.of(index, c).instructions().stream()
                .anyMatch(m -> SETNX_NO_EXPIRY.matches(m) || SETNX_WITH_EXPIRY.matches(m) || m.name.equals("set") && isJedis(m.owner)
                        || mayWrap(m) && summaries.mayReach(c) && summaries.ofAnyImplementation(c, m).stream().anyMatch(e -> e.startsWith(SETNX)))));
    }

    private static final RunIndex.Key<Boolean> USERS = RunIndex.Key.named("takes setnx locks");

    /**
     * Each SETNX lock taken in the class's methods: an acquire whose key the same method deletes (or
     * compare-and-deletes). Found once per class per run.
     */
    static void forEach(RunIndex index, JavaClass javaClass, Consumer<Lock> visitor) {
        index.of(LOCKS, javaClass, c -> find(index, c)).forEach(visitor);
    }

    private static final RunIndex.Key<List<Lock>> LOCKS = RunIndex.Key.named("setnx locks");

    /** The SETNX locks of one class, found once per run for the four lock rules that ask. */
    private static List<Lock> find(RunIndex index, JavaClass javaClass) {
        List<Lock> found = new ArrayList<>();
        if (!users(index).test(javaClass)) {
            return found;
        }
        Consumer<Lock> visitor = found::add;
        Summaries summaries = summaries(index);
        CallMatcher interesting = m -> mayAffect(m) || mayWrap(m);
        MethodSite.forEach(index, javaClass, interesting, site -> {
            MethodFlow flow = site.flow();
            List<Integer> calls = flow.calls(interesting);
            List<Effect> effects = new ArrayList<>();
            for (int call : calls) {
                for (String e : effectsOf(summaries, site, call)) {
                    effects.add(new Effect(call, Summaries.name(e), key(flow, call, e)));
                }
            }
            for (Effect acquire : effects) {
                if (!acquire.name().equals(SETNX) && !acquire.name().equals(SETNX_TTL) || selfContained(effects, acquire.call())
                        || effects.stream().anyMatch(w -> w.name().equals(PUT) && sameKey(flow, acquire.key(), w.key())
                        && flow.reaches(acquire.call(), i -> i == w.call()))) {
                    continue; // the key is written again after it was set: a state record (PROCESSING, then the result), not a lock
                }
                List<Integer> deletes = new ArrayList<>();
                List<Integer> checked = new ArrayList<>();
                Set<Integer> steps = new TreeSet<>();
                for (Effect release : effects) {
                    if (release.call() == acquire.call() || !flow.reaches(acquire.call(), i -> i == release.call())) {
                        continue;
                    }
                    if (release.name().equals(CAD)) {
                        checked.add(release.call());
                        steps.addAll(operandCalls(flow, release.call(), 2));
                    } else if (release.name().equals(DEL) && sameKey(flow, acquire.key(), release.key())) {
                        List<Effect> reads = effects.stream().filter(g -> g.name().equals(GET) && sameKey(flow, acquire.key(), g.key())
                                && flow.reaches(g.call(), i -> i == release.call()) && flow.reaches(acquire.call(), i -> i == g.call())).toList();
                        (reads.isEmpty() ? deletes : checked).add(release.call());
                        steps.addAll(operandCalls(flow, release.call(), 2));
                        reads.forEach(g -> {
                            steps.add(g.call());
                            steps.addAll(operandCalls(flow, g.call(), 2));
                        });
                    }
                }
                if (!deletes.isEmpty() || !checked.isEmpty()) {
                    steps.addAll(deletes);
                    steps.addAll(checked);
                    visitor.accept(new Lock(site, acquire.call(), acquire.name().equals(SETNX_TTL), deletes, checked, steps));
                }
            }
        });
        return List.copyOf(found);
    }

    /** The calls that compute a call's receiver and arguments, {@code depth} levels down (a constructor call for a {@code new}). */
    private static Set<Integer> operandCalls(MethodFlow flow, int call, int depth) {
        Set<Integer> result = new TreeSet<>();
        AbstractInsnNode insn = flow.insn(call);
        String desc = insn instanceof MethodInsnNode m ? m.desc : insn instanceof InvokeDynamicInsnNode d ? d.desc : null;
        if (desc == null || depth == 0) {
            return result;
        }
        int operands = Type.getArgumentTypes(desc).length + (insn.getOpcode() == Opcodes.INVOKESTATIC || insn instanceof InvokeDynamicInsnNode ? 0 : 1);
        for (int d = 0; d < operands; d++) {
            for (int root : flow.stackValue(call, d).roots()) {
                if (flow.insn(root) instanceof MethodInsnNode || flow.insn(root) instanceof InvokeDynamicInsnNode) {
                    result.add(root);
                    result.addAll(operandCalls(flow, root, depth - 1));
                } else if (flow.insn(root).getOpcode() == Opcodes.NEW) {
                    for (int init : flow.calls(m -> m.name.equals("<init>"))) {
                        if (flow.receiver(init).roots().contains(root)) {
                            result.add(init);
                            result.addAll(operandCalls(flow, init, depth - 1));
                        }
                    }
                }
            }
        }
        return result;
    }

    private record Effect(int call, String name, Optional<MethodFlow.Origin> key) {
    }

    /** A call of a wrapper that both sets and deletes the key (a do-with-lock template) is a lock of its own, not an acquire. */
    private static boolean selfContained(List<Effect> effects, int call) {
        return effects.stream().anyMatch(e -> e.call() == call && (e.name().equals(DEL) || e.name().equals(CAD)));
    }

    private static Set<String> effectsOf(Summaries summaries, MethodSite site, int call) {
        return effects(summaries.ofCall(site, call));
    }

    private static Set<String> effects(Set<String> all) {
        Set<String> result = new TreeSet<>();
        for (String e : all) {
            String name = Summaries.name(e);
            if (name.equals(SETNX) || name.equals(SETNX_TTL) || name.equals(DEL) || name.equals(GET) || name.equals(CAD) || name.equals(PUT)) {
                result.add(e);
            }
        }
        return result;
    }

    /** The key an effect is about at this call: the argument passed for the key parameter, or the library call's first argument. */
    private static Optional<MethodFlow.Origin> key(MethodFlow flow, int call, String effect) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(call);
        if (mayAffect(m)) {
            return Type.getArgumentTypes(m.desc).length == 0 ? Optional.empty() : Optional.of(flow.argument(call, 0));
        }
        OptionalInt arg = Summaries.argumentOf(effect, m);
        return arg.isPresent() ? Optional.of(flow.argument(call, arg.getAsInt())) : Optional.empty();
    }

    private static boolean mayWrap(MethodInsnNode m) {
        return !m.owner.startsWith("java/") && !m.name.equals("<init>") && !m.owner.startsWith("org/springframework/data/redis/")
                && !isJedis(m.owner) && !m.owner.startsWith("org/redisson/");
    }

    /**
     * Whether two keys are the same value: the same variable, or the same expression built again
     * ({@code PREFIX + id} twice, a constant twice). A key bytecode cannot follow is not taken to match.
     */
    static boolean sameKey(MethodFlow flow, Optional<MethodFlow.Origin> a, Optional<MethodFlow.Origin> b) {
        if (a.isEmpty() || b.isEmpty() || a.get().unknown() || b.get().unknown()) {
            return false;
        }
        MethodFlow.Origin x = a.get();
        MethodFlow.Origin y = b.get();
        if (!x.params().isEmpty() || !y.params().isEmpty()) {
            return x.roots().isEmpty() && y.roots().isEmpty() && x.params().equals(y.params());
        }
        if (x.roots().stream().anyMatch(y.roots()::contains)) {
            return true;
        }
        return x.roots().size() == 1 && y.roots().size() == 1 && sameExpression(flow, x.roots().iterator().next(), y.roots().iterator().next(), 4);
    }

    private static boolean sameExpression(MethodFlow flow, int i, int j, int depth) {
        if (i == j) {
            return true;
        }
        AbstractInsnNode p = flow.insn(i);
        AbstractInsnNode q = flow.insn(j);
        if (depth == 0 || p.getOpcode() != q.getOpcode()) {
            return false;
        }
        Optional<Object> c = flow.constant(i);
        if (c.isPresent()) {
            return c.equals(flow.constant(j));
        }
        int operands;
        if (p instanceof FieldInsnNode f && q instanceof FieldInsnNode g) {
            if (!f.owner.equals(g.owner) || !f.name.equals(g.name)) {
                return false;
            }
            operands = p.getOpcode() == Opcodes.GETFIELD ? 1 : 0;
        } else if (p instanceof MethodInsnNode f && q instanceof MethodInsnNode g) {
            if (!f.owner.equals(g.owner) || !f.name.equals(g.name) || !f.desc.equals(g.desc)) {
                return false;
            }
            operands = Type.getArgumentTypes(f.desc).length + (f.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        } else if (p instanceof InvokeDynamicInsnNode f && q instanceof InvokeDynamicInsnNode g) {
            if (!f.name.equals(g.name) || !f.desc.equals(g.desc) || !Arrays.equals(f.bsmArgs, g.bsmArgs)) {
                return false;
            }
            operands = Type.getArgumentTypes(f.desc).length;
        } else if (p instanceof TypeInsnNode f && q instanceof TypeInsnNode g && p.getOpcode() == Opcodes.NEW) {
            return f.desc.equals(g.desc); // new StringBuilder() of a concatenation built twice
        } else {
            return false;
        }
        for (int d = 0; d < operands; d++) {
            MethodFlow.Origin x = flow.stackValue(i, d);
            MethodFlow.Origin y = flow.stackValue(j, d);
            if (x.unknown() || y.unknown() || !x.params().equals(y.params())
                    || !(x.roots().equals(y.roots()) || x.roots().size() == 1 && y.roots().size() == 1
                    && sameExpression(flow, x.roots().iterator().next(), y.roots().iterator().next(), depth - 1))) {
                return false;
            }
        }
        return true;
    }
}
