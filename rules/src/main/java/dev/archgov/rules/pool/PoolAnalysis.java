package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static dev.archgov.rules.pool.PoolApis.*;

/** What the pool pack asks of the code, in the words of {@link PoolApis}: who uses pools, what a type is, what a call returns to the pool. */
final class PoolAnalysis {
    private PoolAnalysis() {
    }

    /** The borrowed object a pool release call hands back (its argument; the second one for keyed pools). */
    static Optional<MethodFlow.Origin> returnedObject(MethodFlow flow, int call) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(call);
        int args = Type.getArgumentTypes(m.desc).length;
        if (args == 0) {
            return Optional.empty();
        }
        return Optional.of(flow.argument(call, args - 1));
    }

    /** The pooled type of a pool or factory type: its last type argument, if written. */
    static Optional<JavaType> pooledType(JavaType type) {
        if (type instanceof JavaParameterizedType p && !p.getActualTypeArguments().isEmpty()) {
            return Optional.of(p.getActualTypeArguments().get(p.getActualTypeArguments().size() - 1));
        }
        return Optional.empty();
    }

    static boolean isWildcardOrObject(JavaType t) {
        return t instanceof JavaWildcardType || t.toErasure().getName().equals("java.lang.Object");
    }

    static boolean isResource(RunIndex index, JavaClass t) {
        return Supertypes.isAny(index, t, RESOURCES);
    }

    static boolean isBuffer(RunIndex index, JavaClass t) {
        return BUFFERS.contains(t.getName()) || Supertypes.of(index, t).contains("io.netty.buffer.ByteBuf");
    }

    static boolean isFactory(RunIndex index, JavaClass c) {
        return Supertypes.isAny(index, c, FACTORY_TYPES);
    }

    /**
     * Classes that borrow from a pool: they call a pool's borrow method (also on their own subclass of a pool type),
     * or a method of the application's code that lends a borrowed object ({@link PoolSummaries#LEND}).
     */
    static DescribedPredicate<JavaClass> usesPools(RunIndex index) {
        return index.memo(USES_POOLS, DescribedPredicate.describe("use object pools", c -> Calls.of(index, c).any(BORROW_NAMES, call -> PoolCalls.isPoolType(index, call.getTargetOwner()))
                || lendsAny(index, c)));
    }

    private static final RunIndex.Key<Boolean> USES_POOLS = RunIndex.Key.named("uses pools");

    /** Whether the class calls a method of the application's code that lends (computed once per class per run). */
    private static boolean lendsAny(RunIndex index, JavaClass c) {
        return index.of(LENDS, c, k -> PoolSummaries.of(index).mayReach(k) && Calls.of(index, k).instructions().stream().anyMatch(m -> lends(index, k, m)));
    }

    private static final RunIndex.Key<Boolean> LENDS = RunIndex.Key.named("pool lends");

    /** The pool types whose construction builds a pool, by class name (for {@link Calls#constructsAny}). */
    private static final List<String> CONSTRUCTED_TYPES = PoolApis.CONSTRUCTED.stream().map(n -> n.replace('/', '.')).toList();

    /** Classes that build a pool with {@code new} ({@link PoolApis#CONSTRUCTED}), judged on ArchUnit's model. */
    static DescribedPredicate<JavaClass> buildsPools(RunIndex index) {
        return DescribedPredicate.describe("build pools", c -> Calls.of(index, c).constructsAny(CONSTRUCTED_TYPES));
    }

    /** Whether the method's instructions build a pool with {@code new} (a scan, no analysis). */
    static boolean constructsPool(MethodNode m) {
        for (var insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW && PoolApis.CONSTRUCTED.contains(t.desc)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the method calls a pool's borrow or a method that lends: a method the pool rules look at. */
    static Predicate<MethodNode> borrowing(RunIndex index, JavaClass c) {
        PoolCalls calls = PoolCalls.of(index, c);
        return method -> {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode m && (calls.borrow().matches(m) || lends(index, c, m))) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The calls of a method that borrow: pool borrows, and calls of a method of the application's code that lends. */
    static List<Integer> borrows(MethodSite site) {
        MethodFlow flow = site.flow();
        PoolCalls calls = PoolCalls.of(site.index(), site.owner());
        return flow.calls(m -> calls.borrow().matches(m) || lends(site.index(), site.owner(), m));
    }

    /** Whether the call is a pool library's own borrow (not a call of the application's lending method). */
    static boolean isPoolBorrow(MethodSite site, int call) {
        return site.flow().insn(call) instanceof MethodInsnNode m && PoolCalls.of(site.index(), site.owner()).borrow().matches(m);
    }

    /** A call of the application's own method that returns an object it borrowed (a virtual call stands for its overriders). */
    private static boolean lends(RunIndex index, JavaClass from, MethodInsnNode m) {
        if (m.owner.startsWith("java/") || m.name.equals("<init>") || Type.getReturnType(m.desc).getSort() != Type.OBJECT
                || PoolCalls.of(index, from).borrow().matches(m)) {
            return false;
        }
        return PoolSummaries.of(index).ofAnyImplementation(from, m).contains(PoolSummaries.LEND);
    }

    /**
     * A way out of the method from just after {@code borrow} (a borrow call, or a call of a helper that borrows and
     * hands the object out) on which the object is not given back: returned or invalidated, closed itself (Jedis), or
     * handed to the application's own helper that gives it back. A null test of the borrowed object is not followed
     * on its null branch: a borrow yields an object or throws.
     */
    static Optional<Integer> leavesWithoutGivingBack(MethodSite site, int borrow, Summaries summaries) {
        MethodFlow flow = site.flow();
        MethodFlow.Origin borrowed = new MethodFlow.Origin(Set.of(borrow), Set.of(), false);
        List<MethodFlow.Branch> neverNull = new ArrayList<>();
        for (MethodFlow.Test t : flow.nullTests()) {
            if (t.tested().roots().contains(borrow)) {
                neverNull.add(t.branch());
            }
        }
        PoolCalls calls = PoolCalls.of(site.index(), site.owner());
        Set<Integer> givesBack = new HashSet<>();
        for (int i : flow.calls(m -> true)) {
            if (returns(calls, flow, i, borrowed, borrow) || returnsThroughHelper(summaries, site, i, borrowed)) {
                givesBack.add(i);
                // the pool getter a give-back is called on (getJedisPool().returnResource(j)) is its first step
                flow.receiver(i).roots().stream().filter(r -> flow.insn(r) instanceof MethodInsnNode).forEach(givesBack::add);
            }
        }
        return flow.pathToExitAvoiding(borrow, givesBack::contains,
                (from, to) -> neverNull.stream().anyMatch(b -> b.jump() == from && b.whenFalse() == to));
    }

    private static boolean returns(PoolCalls calls, MethodFlow flow, int i, MethodFlow.Origin borrowed, int borrow) {
        if (!(flow.insn(i) instanceof MethodInsnNode m)) {
            return false;
        }
        if (calls.giveBack().matches(m)) {
            return PoolAnalysis.returnedObject(flow, i).map(o -> flow.maySame(borrowed, o)).orElse(true);
        }
        return PoolApis.SELF_RELEASE.contains(m.name) && flow.receiver(i).roots().contains(borrow);
    }

    /**
     * A call into the application's own code that gives a pooled object back ({@code returnToPool(client)},
     * {@code close(client)} with a null check …) and is handed the borrowed object.
     */
    private static boolean returnsThroughHelper(Summaries summaries, MethodSite site, int i, MethodFlow.Origin borrowed) {
        MethodFlow flow = site.flow();
        PoolCalls calls = PoolCalls.of(site.index(), site.owner());
        if (!(flow.insn(i) instanceof MethodInsnNode m) || calls.borrow().matches(m) || calls.giveBack().matches(m) || !PoolSummaries.direct(m).isEmpty()) {
            return false;
        }
        int args = Type.getArgumentTypes(m.desc).length;
        boolean handed = IntStream.range(0, args).anyMatch(a -> flow.maySame(borrowed, flow.argument(i, a)) && !flow.argument(i, a).unknown())
                || m.getOpcode() != Opcodes.INVOKESTATIC && flow.receiver(i).roots().equals(borrowed.roots());
        return handed && summaries.has(site, i, PoolSummaries.RETURN);
    }
}
