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
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The control-flow graph of one method, exception edges included, and the path questions asked of it. Built by
 * {@link MethodFlow} from ASM's analysis; see there for the model of which instructions may throw.
 */
final class ControlFlow {
    /** Logging APIs: they are built not to throw into the code that logs. */
    private static final Set<String> LOGGERS = Set.of("org/slf4j/Logger", "org/apache/logging/log4j/Logger", "org/apache/commons/logging/Log",
            "java/util/logging/Logger", "org/apache/log4j/Logger", "org/apache/log4j/Category");
    /** JDK value types whose comparisons and unboxing cannot throw (given a receiver). */
    private static final Set<String> VALUES = Set.of("java/lang/Boolean", "java/lang/String", "java/lang/Integer", "java/lang/Long",
            "java/lang/Short", "java/lang/Byte", "java/lang/Character", "java/util/Objects");
    private static final Set<String> VALUE_METHODS = Set.of("equals", "equalsIgnoreCase", "booleanValue", "intValue", "longValue",
            "isEmpty", "length", "isNull", "nonNull", "compareTo");
    /** What a thread may ask about itself without an exception. */
    private static final Set<String> THREAD_QUERIES = Set.of("currentThread", "getId", "threadId", "getName");

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
     * Calls and {@code athrow} may throw; autoboxing ({@code Long.valueOf(long)} …), unboxing and comparisons of JDK
     * values ({@code Boolean.TRUE.equals(ok)}), string concatenation, the current thread's id and name, atomics, the
     * system clock, logging and console output, and constructors of the class's own nested classes (anonymous
     * classes, which only store what they capture) are taken not to.
     */
    static boolean mayThrow(AbstractInsnNode insn, String ownerInternalName) {
        if (insn instanceof MethodInsnNode m && (m.name.equals("<init>") && m.owner.startsWith(ownerInternalName + "$")
                || ValueOrigins.isBoxing(m) || m.owner.startsWith("java/util/concurrent/atomic/") || m.owner.equals("java/lang/System")
                && (m.name.equals("nanoTime") || m.name.equals("currentTimeMillis"))
                || LOGGERS.contains(m.owner) || m.owner.equals("java/io/PrintStream") && (m.name.startsWith("print") || m.name.equals("format"))
                || VALUES.contains(m.owner) && VALUE_METHODS.contains(m.name)
                || m.owner.equals("java/lang/Thread") && THREAD_QUERIES.contains(m.name)
                || (m.owner.equals("java/lang/StringBuilder") || m.owner.equals("java/lang/StringBuffer"))
                && (m.name.equals("append") || m.name.equals("toString") || m.name.equals("<init>")))) {
            return false;
        }
        if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
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
        return pathAvoiding(start, target, avoid, MethodFlow.EdgeFilter.NONE);
    }

    Optional<Integer> pathAvoiding(int start, IntPredicate target, IntPredicate avoid, MethodFlow.EdgeFilter cut) {
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
            int from = i;
            successors(i).filter(s -> !seen.get(s) && !cut.cut(from, s)).forEach(work::push);
        }
        return Optional.empty();
    }

    /** Whether some path leads from {@code from} (exclusive) to an instruction {@code target} accepts, avoiding {@code avoid}. */
    boolean reachesAvoiding(int from, IntPredicate target, IntPredicate avoid) {
        return successors(from).anyMatch(s -> pathAvoiding(s, target, avoid).isPresent());
    }
}
