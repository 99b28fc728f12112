package dev.archgov.spi.flow;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The control-flow graph of one method, exception edges included, and the path questions asked of it. Built by
 * {@link MethodFlow} from ASM's analysis; see there for the model of which instructions may throw.
 */
final class ControlFlow {
    private final String ownerInternalName;
    private final MethodNode method;
    private final InsnList insns;
    private final List<BitSet> normal;
    private final List<BitSet> exceptional;
    private boolean[] escapes;

    ControlFlow(String ownerInternalName, MethodNode method) {
        this.ownerInternalName = ownerInternalName;
        this.method = method;
        this.insns = method.instructions;
        int n = insns.size();
        this.normal = new ArrayList<>(n);
        this.exceptional = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            normal.add(new BitSet());
            exceptional.add(new BitSet());
        }
    }

    /** An edge ASM's analyzer found. */
    void normalEdge(int insn, int successor) {
        normal.get(insn).set(successor);
    }

    /** An exception edge ASM's analyzer found: kept when the instruction may throw and the handler is not shadowed. */
    void exceptionEdge(int insn, TryCatchBlockNode handler) {
        if (mayThrow(insns.get(insn), ownerInternalName) && !shadowed(insn, handler)) {
            exceptional.get(insn).set(insns.indexOf(handler.handler));
        }
    }

    /** After the analysis: which instructions may throw out of the method (no catch-all covers them). */
    void complete() {
        escapes = new boolean[insns.size()];
        for (int i = 0; i < escapes.length; i++) {
            escapes[i] = mayThrow(insns.get(i), ownerInternalName) && catchAllsCovering(i).findAny().isEmpty();
        }
    }

    /**
     * Calls and {@code athrow} may throw; autoboxing ({@code Long.valueOf(long)} …), atomics, the system clock and
     * constructors of the class's own nested classes (anonymous classes, which only store what they capture) are
     * taken not to.
     */
    static boolean mayThrow(AbstractInsnNode insn, String ownerInternalName) {
        if (insn instanceof MethodInsnNode m && (m.name.equals("<init>") && m.owner.startsWith(ownerInternalName + "$")
                || ValueOrigins.isBoxing(m) || m.owner.startsWith("java/util/concurrent/atomic/") || m.owner.equals("java/lang/System")
                && (m.name.equals("nanoTime") || m.name.equals("currentTimeMillis")))) {
            return false;
        }
        return insn instanceof MethodInsnNode || insn instanceof InvokeDynamicInsnNode || insn.getOpcode() == Opcodes.ATHROW;
    }

    /** The catch-all entries ({@code finally}, {@code catch Throwable}) of the exception table whose range covers the instruction. */
    private Stream<TryCatchBlockNode> catchAllsCovering(int index) {
        return method.tryCatchBlocks.stream().filter(tcb -> (tcb.type == null || tcb.type.equals("java/lang/Throwable"))
                && insns.indexOf(tcb.start) <= index && index < insns.indexOf(tcb.end));
    }

    /**
     * The JVM takes the first matching entry of the exception table: a handler listed after a catch-all entry that
     * also covers the instruction is never reached from it.
     */
    private boolean shadowed(int index, TryCatchBlockNode handler) {
        int position = method.tryCatchBlocks.indexOf(handler);
        return catchAllsCovering(index).anyMatch(tcb -> method.tryCatchBlocks.indexOf(tcb) < position);
    }

    /** Catch-all handlers ({@code finally}) whose protected range covers the instruction: their handler starts. */
    List<Integer> catchAllHandlersCovering(int index) {
        return catchAllsCovering(index).map(tcb -> insns.indexOf(tcb.handler)).toList();
    }

    static boolean isReturn(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return op >= Opcodes.IRETURN && op <= Opcodes.RETURN;
    }

    /** Whether the instruction may leave the method by an exception. */
    boolean escapes(int index) {
        return escapes[index];
    }

    private IntStream successors(int i) {
        BitSet next = new BitSet();
        next.or(normal.get(i));
        next.or(exceptional.get(i));
        return next.stream();
    }

    /** See {@link MethodFlow#pathToExitAvoiding}. */
    Optional<Integer> pathToExitAvoiding(int from, IntPredicate barrier, MethodFlow.EdgeFilter cut) {
        BitSet seen = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        normal.get(from).stream().filter(s -> !cut.cut(from, s)).forEach(work::add);
        while (!work.isEmpty()) {
            int i = work.pop();
            if (seen.get(i)) {
                continue;
            }
            seen.set(i);
            if (barrier.test(i)) {
                continue;
            }
            if (isReturn(insns.get(i)) || escapes[i]) {
                return Optional.of(i);
            }
            successors(i).filter(s -> !seen.get(s) && !cut.cut(i, s)).forEach(work::push);
        }
        return Optional.empty();
    }

    /** See {@link MethodFlow#pathAvoiding}. */
    Optional<Integer> pathAvoiding(int start, IntPredicate target, IntPredicate avoid) {
        BitSet seen = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        work.push(start);
        while (!work.isEmpty()) {
            int i = work.pop();
            if (seen.get(i)) {
                continue;
            }
            seen.set(i);
            if (target.test(i)) {
                return Optional.of(i);
            }
            if (avoid.test(i)) {
                continue;
            }
            successors(i).filter(s -> !seen.get(s)).forEach(work::push);
        }
        return Optional.empty();
    }

    /** Whether some path leads from {@code from} (exclusive) to an instruction {@code target} accepts, avoiding {@code avoid}. */
    boolean reachesAvoiding(int from, IntPredicate target, IntPredicate avoid) {
        return successors(from).anyMatch(s -> pathAvoiding(s, target, avoid).isPresent());
    }
}
