package dev.archgov.spi.flow;

import dev.archgov.spi.flow.MethodFlow.Origin;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.HashSet;
import java.util.Set;

/**
 * Where each value of one method came from, from ASM's source frames: the roots a value is built from (instruction
 * indices of {@code new}, field reads, call results, constants) or the parameters it is, following local variables,
 * {@code dup}, casts and (un)boxing. Built by {@link MethodFlow}.
 */
final class ValueOrigins {
    private static final int MAX_DEPTH = 16;

    private final InsnList insns;
    private final Frame<SourceValue>[] frames;

    ValueOrigins(InsnList insns, Frame<SourceValue>[] frames) {
        this.insns = insns;
        this.frames = frames;
    }

    boolean reachable(int index) {
        return frames[index] != null;
    }

    /** The value {@code depthFromTop} below the top of the stack before instruction {@code index} (0 = the top). */
    Origin stack(int index, int depthFromTop) {
        Frame<SourceValue> f = frames[index];
        return f == null || f.getStackSize() <= depthFromTop ? Origin.UNKNOWN
                : origin(f.getStack(f.getStackSize() - 1 - depthFromTop), 0);
    }

    /** Where the receiver of a call came from. Static calls have no receiver. */
    Origin receiver(int call) {
        MethodInsnNode m = (MethodInsnNode) insns.get(call);
        return m.getOpcode() == Opcodes.INVOKESTATIC ? Origin.UNKNOWN : stack(call, Type.getArgumentTypes(m.desc).length);
    }

    /** Where argument {@code arg} (0-based) of a call came from. */
    Origin argument(int call, int arg) {
        MethodInsnNode m = (MethodInsnNode) insns.get(call);
        return stack(call, Type.getArgumentTypes(m.desc).length - 1 - arg);
    }

    private Origin origin(SourceValue value, int depth) {
        Set<Integer> roots = new HashSet<>();
        Set<String> params = new HashSet<>();
        boolean unknown = false;
        if (value.insns.isEmpty()) {
            return Origin.UNKNOWN;
        }
        for (AbstractInsnNode source : value.insns) {
            int i = insns.indexOf(source);
            if (depth > MAX_DEPTH) {
                unknown = true;
                continue;
            }
            int op = source.getOpcode();
            Origin followed = null;
            if (source instanceof VarInsnNode v && op >= Opcodes.ILOAD && op <= Opcodes.ALOAD) {
                SourceValue local = frames[i].getLocal(v.var);
                if (local.insns.isEmpty()) {
                    params.add("param:" + v.var);
                } else {
                    followed = originOfStores(local, depth + 1);
                }
            } else if (op == Opcodes.DUP || op == Opcodes.CHECKCAST || isPassThrough(source)) {
                Frame<SourceValue> f = frames[i];
                int args = source instanceof MethodInsnNode m ? Type.getArgumentTypes(m.desc).length : 0;
                followed = origin(f.getStack(f.getStackSize() - 1 - args), depth + 1); // a call's receiver, else the top
            } else {
                roots.add(i);
            }
            if (followed != null) {
                roots.addAll(followed.roots());
                params.addAll(followed.params());
                unknown |= followed.unknown();
            }
        }
        return new Origin(roots, params, unknown);
    }

    private Origin originOfStores(SourceValue local, int depth) {
        Set<Integer> roots = new HashSet<>();
        Set<String> params = new HashSet<>();
        boolean unknown = false;
        for (AbstractInsnNode store : local.insns) {
            int i = insns.indexOf(store);
            if (store instanceof VarInsnNode && frames[i] != null && frames[i].getStackSize() > 0) {
                Frame<SourceValue> f = frames[i];
                Origin o = origin(f.getStack(f.getStackSize() - 1), depth + 1);
                roots.addAll(o.roots());
                params.addAll(o.params());
                unknown |= o.unknown();
            } else {
                unknown = true;
            }
        }
        return new Origin(roots, params, unknown);
    }

    /**
     * Whether two values may be the same object. Unknown origins, call results (a factory such as
     * {@code getLock(name)} may hand out the same lock twice) and equal fields may be; distinct locals, parameters
     * and {@code new} objects are not.
     */
    boolean maySame(Origin a, Origin b) {
        if (a.unknown() || b.unknown() || (a.roots().isEmpty() && a.params().isEmpty()) || (b.roots().isEmpty() && b.params().isEmpty())) {
            return true;
        }
        for (String p : a.params()) {
            if (b.params().contains(p)) {
                return true;
            }
        }
        for (int x : a.roots()) {
            for (int y : b.roots()) {
                if (x == y || sameValueSource(insns.get(x), insns.get(y))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameValueSource(AbstractInsnNode x, AbstractInsnNode y) {
        if (x instanceof FieldInsnNode fx && y instanceof FieldInsnNode fy) {
            return fx.owner.equals(fy.owner) && fx.name.equals(fy.name);
        }
        return x instanceof MethodInsnNode || y instanceof MethodInsnNode
                || x instanceof InvokeDynamicInsnNode || y instanceof InvokeDynamicInsnNode;
    }

    static boolean isBoxing(MethodInsnNode m) {
        return m.name.equals("valueOf") && m.owner.startsWith("java/lang/") && m.getOpcode() == Opcodes.INVOKESTATIC
                && Type.getArgumentTypes(m.desc).length == 1 && Type.getArgumentTypes(m.desc)[0].getSort() <= Type.DOUBLE;
    }

    private static final Set<String> NUMBERS = Set.of("java/lang/Long", "java/lang/Integer", "java/lang/Short",
            "java/lang/Byte", "java/lang/Double", "java/lang/Float", "java/lang/Number");

    /** Calls whose result is their receiver's value: unboxing, and unwrapping an Optional ({@code orElse(null)} …). */
    static boolean isPassThrough(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode m && (m.owner.equals("java/lang/Boolean") && m.name.equals("booleanValue")
                || NUMBERS.contains(m.owner) && m.name.endsWith("Value") && m.desc.startsWith("()")
                || m.owner.equals("java/util/Optional")
                && (m.name.equals("orElse") || m.name.equals("orElseGet") || m.name.equals("get") || m.name.equals("orElseThrow")));
    }
}
