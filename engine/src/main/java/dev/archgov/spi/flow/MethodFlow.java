package dev.archgov.spi.flow;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The control-flow graph of one method's bytecode, exception edges included, with where each value came from.
 * It answers the questions ArchUnit cannot: does every path from a call to a method exit pass through another
 * call; is a call's boolean result branched on; is a call inside the protected range of a handler.
 *
 * <p>Model: an instruction that invokes a method ({@code invoke*}, {@code invokedynamic}) or throws
 * ({@code athrow}) may raise an exception (constructors of the class's own nested classes excepted); it then
 * continues at each handler covering it up to the first catch-all entry of the exception table (the JVM takes the
 * first match), and leaves the
 * method unless a catch-all handler ({@code finally}, {@code catch Throwable}) covers it. Runtime exceptions of
 * field and array access or arithmetic are not modelled. javac's duplicated finally bodies need no special care:
 * every copy is on its own path.
 */
public final class MethodFlow {
    private final String ownerInternalName;
    private final MethodNode method;
    private final InsnList insns;
    private final Frame<SourceValue>[] frames;
    private final List<BitSet> normal;
    private final List<BitSet> exceptional;
    private final boolean[] escapes;
    private final int[] lines;

    private MethodFlow(String ownerInternalName, MethodNode method) throws AnalyzerException {
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
        Analyzer<SourceValue> analyzer = new Analyzer<>(new SourceInterpreter()) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                normal.get(insn).set(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode handler) {
                if (mayThrow(insns.get(insn), ownerInternalName) && !shadowed(insn, handler)) {
                    exceptional.get(insn).set(insns.indexOf(handler.handler));
                }
                return true;
            }
        };
        this.frames = analyzer.analyze(ownerInternalName, method);
        this.escapes = new boolean[n];
        for (int i = 0; i < n; i++) {
            escapes[i] = mayThrow(insns.get(i), ownerInternalName) && !coveredByCatchAll(i);
        }
        this.lines = new int[n];
        int line = 0;
        for (int i = 0; i < n; i++) {
            if (insns.get(i) instanceof LineNumberNode ln) {
                line = ln.line;
            }
            lines[i] = line;
        }
    }

    /** Analyses a method; empty for abstract and native methods or bytecode ASM cannot verify. */
    public static Optional<MethodFlow> of(String ownerInternalName, MethodNode method) {
        if (method.instructions.size() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MethodFlow(ownerInternalName, method));
        } catch (AnalyzerException e) {
            return Optional.empty();
        }
    }

    public MethodNode method() {
        return method;
    }

    public String ownerInternalName() {
        return ownerInternalName;
    }

    public int size() {
        return insns.size();
    }

    public AbstractInsnNode insn(int index) {
        return insns.get(index);
    }

    /** Source line of an instruction; 0 without debug information. */
    public int line(int index) {
        return lines[index];
    }

    /** Whether the instruction is reachable at all (dead code has no frame). */
    public boolean reachable(int index) {
        return frames[index] != null;
    }

    /** Indices of the reachable method calls that {@code matcher} accepts, in bytecode order. */
    public List<Integer> calls(CallMatcher matcher) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i) instanceof MethodInsnNode call && reachable(i) && matcher.matches(call)) {
                result.add(i);
            }
        }
        return result;
    }

    /**
     * Calls and {@code athrow} may throw; autoboxing ({@code Long.valueOf(long)} …), atomics, the system clock and
     * constructors of the class's own nested classes (anonymous classes, which only store what they capture) are
     * taken not to.
     */
    static boolean mayThrow(AbstractInsnNode insn, String ownerInternalName) {
        if (insn instanceof MethodInsnNode m && (m.name.equals("<init>") && m.owner.startsWith(ownerInternalName + "$") || isBoxing(m)
                || m.owner.startsWith("java/util/concurrent/atomic/") || m.owner.equals("java/lang/System")
                && (m.name.equals("nanoTime") || m.name.equals("currentTimeMillis")))) {
            return false;
        }
        return insn instanceof MethodInsnNode || insn instanceof InvokeDynamicInsnNode || insn.getOpcode() == Opcodes.ATHROW;
    }

    /**
     * The JVM takes the first matching entry of the exception table: a handler listed after a catch-all entry that
     * also covers the instruction is never reached from it.
     */
    private boolean shadowed(int index, TryCatchBlockNode handler) {
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            if (tcb == handler) {
                return false;
            }
            if ((tcb.type == null || tcb.type.equals("java/lang/Throwable"))
                    && insns.indexOf(tcb.start) <= index && index < insns.indexOf(tcb.end)) {
                return true;
            }
        }
        return false;
    }

    private boolean coveredByCatchAll(int index) {
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            if ((tcb.type == null || tcb.type.equals("java/lang/Throwable"))
                    && insns.indexOf(tcb.start) <= index && index < insns.indexOf(tcb.end)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReturn(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return op >= Opcodes.IRETURN && op <= Opcodes.RETURN;
    }

    /**
     * A path from just after {@code from} completes normally to a method exit (return, or an exception leaving the
     * method) that passes through no instruction accepted by {@code barrier}. Edges accepted by {@code cut} (from,
     * to) are not followed. Returns the exit instruction of such a path, or empty when every path is barred.
     */
    public Optional<Integer> pathToExitAvoiding(int from, IntPredicate barrier, EdgeFilter cut) {
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
            AbstractInsnNode insn = insns.get(i);
            if (isReturn(insn) || escapes[i]) {
                return Optional.of(i);
            }
            BitSet next = new BitSet();
            next.or(normal.get(i));
            next.or(exceptional.get(i));
            final int at = i;
            next.stream().filter(s -> !seen.get(s) && !cut.cut(at, s)).forEach(work::push);
        }
        return Optional.empty();
    }

    /** A path from instruction {@code start} (inclusive) to one accepted by {@code target}, avoiding {@code avoid}. */
    public Optional<Integer> pathAvoiding(int start, IntPredicate target, IntPredicate avoid) {
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
            BitSet next = new BitSet();
            next.or(normal.get(i));
            next.or(exceptional.get(i));
            next.stream().filter(s -> !seen.get(s)).forEach(work::push);
        }
        return Optional.empty();
    }

    /** Whether any path leads from {@code from} (exclusive) to an instruction accepted by {@code target}. */
    public boolean reaches(int from, IntPredicate target) {
        BitSet next = new BitSet();
        next.or(normal.get(from));
        next.or(exceptional.get(from));
        return next.stream().anyMatch(s -> pathAvoiding(s, target, i -> false).isPresent());
    }

    /** Catch-all handlers ({@code finally}) whose protected range covers the instruction: their handler starts. */
    public List<Integer> catchAllHandlersCovering(int index) {
        List<Integer> result = new ArrayList<>();
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            if ((tcb.type == null || tcb.type.equals("java/lang/Throwable"))
                    && insns.indexOf(tcb.start) <= index && index < insns.indexOf(tcb.end)) {
                result.add(insns.indexOf(tcb.handler));
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- values

    /** Where the receiver of a call came from. Static calls have no receiver. */
    public Origin receiver(int call) {
        MethodInsnNode m = (MethodInsnNode) insns.get(call);
        if (m.getOpcode() == Opcodes.INVOKESTATIC) {
            return Origin.UNKNOWN;
        }
        Frame<SourceValue> f = frames[call];
        int args = Type.getArgumentTypes(m.desc).length;
        return origin(f.getStack(f.getStackSize() - 1 - args), call, 0);
    }

    /** Where argument {@code arg} (0-based) of a call came from. */
    public Origin argument(int call, int arg) {
        MethodInsnNode m = (MethodInsnNode) insns.get(call);
        Frame<SourceValue> f = frames[call];
        int args = Type.getArgumentTypes(m.desc).length;
        return origin(f.getStack(f.getStackSize() - args + arg), call, 0);
    }

    /** The constant an argument is, if bytecode shows one (ldc, iconst, bipush, sipush, lconst…). */
    public Optional<Object> constantArgument(int call, int arg) {
        Origin o = argument(call, arg);
        if (o.roots().size() != 1) {
            return Optional.empty();
        }
        return Constants.of(insns.get(o.roots().iterator().next()));
    }

    /**
     * The roots a value comes from, following local variables, dup, checkcast and (un)boxing: instruction indices
     * of {@code new}, field reads, method call results, constants, or {@code param:N} for parameters.
     */
    private Origin origin(SourceValue value, int at, int depth) {
        Set<Integer> roots = new HashSet<>();
        Set<String> params = new HashSet<>();
        boolean unknown = false;
        if (value.insns.isEmpty()) {
            return Origin.UNKNOWN;
        }
        for (AbstractInsnNode source : value.insns) {
            int i = insns.indexOf(source);
            if (depth > 16) {
                unknown = true;
                continue;
            }
            int op = source.getOpcode();
            if (source instanceof VarInsnNode v && op >= Opcodes.ILOAD && op <= Opcodes.ALOAD) {
                Frame<SourceValue> f = frames[i];
                SourceValue local = f.getLocal(v.var);
                if (local.insns.isEmpty()) {
                    params.add("param:" + v.var);
                } else {
                    Origin o = originOfStores(local, depth + 1);
                    roots.addAll(o.roots());
                    params.addAll(o.params());
                    unknown |= o.unknown();
                }
            } else if (op == Opcodes.DUP || op == Opcodes.CHECKCAST || isPassThrough(source)) {
                Frame<SourceValue> f = frames[i];
                int args = source instanceof MethodInsnNode m ? Type.getArgumentTypes(m.desc).length : 0;
                Origin o = origin(f.getStack(f.getStackSize() - 1 - args), i, depth + 1); // a call's receiver, else the top
                roots.addAll(o.roots());
                params.addAll(o.params());
                unknown |= o.unknown();
            } else {
                roots.add(i);
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
                Origin o = origin(f.getStack(f.getStackSize() - 1), i, depth + 1);
                roots.addAll(o.roots());
                params.addAll(o.params());
                unknown |= o.unknown();
            } else {
                unknown = true;
            }
        }
        return new Origin(roots, params, unknown);
    }

    private static boolean isBoxing(MethodInsnNode m) {
        return m.name.equals("valueOf") && m.owner.startsWith("java/lang/") && m.getOpcode() == Opcodes.INVOKESTATIC
                && Type.getArgumentTypes(m.desc).length == 1 && Type.getArgumentTypes(m.desc)[0].getSort() <= Type.DOUBLE;
    }

    private static boolean isUnboxing(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode m && m.owner.equals("java/lang/Boolean") && m.name.equals("booleanValue");
    }

    /** Calls whose result is their receiver's value: unboxing, and unwrapping an Optional ({@code orElse(null)} …). */
    private static boolean isPassThrough(AbstractInsnNode insn) {
        return isUnboxing(insn) || insn instanceof MethodInsnNode m && m.owner.equals("java/util/Optional")
                && (m.name.equals("orElse") || m.name.equals("orElseGet") || m.name.equals("get") || m.name.equals("orElseThrow"));
    }

    /**
     * Every reachable null test ({@code ifnull}/{@code ifnonnull}) with where the tested value came from: the successor
     * taken when it is null ({@code whenFalse} of the branch) and when it is not ({@code whenTrue}).
     */
    public List<Test> nullTests() {
        List<Test> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode jump && frames[i] != null && (op == Opcodes.IFNULL || op == Opcodes.IFNONNULL)) {
                Frame<SourceValue> f = frames[i];
                int target = insns.indexOf(jump.label);
                result.add(new Test(new Branch(i, op == Opcodes.IFNULL ? target : i + 1, op == Opcodes.IFNULL ? i + 1 : target),
                        origin(f.getStack(f.getStackSize() - 1), i, 0)));
            }
        }
        return result;
    }

    /** Where an arbitrary stack value at instruction {@code index} came from (0 = top of stack). */
    public Origin stackValue(int index, int depthFromTop) {
        Frame<SourceValue> f = frames[index];
        return f == null ? Origin.UNKNOWN : origin(f.getStack(f.getStackSize() - 1 - depthFromTop), index, 0);
    }

    /** Whether some path leads from {@code from} (exclusive) to {@code to} without passing an instruction {@code avoid} accepts. */
    public boolean reachesAvoiding(int from, int to, IntPredicate avoid) {
        BitSet next = new BitSet();
        next.or(normal.get(from));
        next.or(exceptional.get(from));
        return next.stream().anyMatch(s -> pathAvoiding(s, i -> i == to, avoid).isPresent());
    }

    /** Whether every path from the method's entry to {@code target} passes an instruction {@code gate} accepts. */
    public boolean dominatedBy(int target, IntPredicate gate) {
        return pathAvoiding(0, i -> i == target, gate).isEmpty();
    }

    /** Where a value came from; two origins may denote the same object unless both are fully known and disjoint. */
    public record Origin(Set<Integer> roots, Set<String> params, boolean unknown) {
        public static final Origin UNKNOWN = new Origin(Set.of(), Set.of(), true);

        public boolean isThis(MethodFlow flow) {
            return (flow.method.access & Opcodes.ACC_STATIC) == 0 && roots.isEmpty() && !unknown && params.equals(Set.of("param:0"));
        }
    }

    /**
     * Whether two receivers may be the same object. Unknown origins, call results (a factory such as
     * {@code getLock(name)} may hand out the same lock twice) and equal fields may be; distinct locals, parameters
     * and {@code new} objects are not.
     */
    public boolean maySame(Origin a, Origin b) {
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

    // ---------------------------------------------------------------- branches

    /**
     * The conditional jumps that test the boolean result of {@code call} (directly, through a local variable, or
     * unboxed), each with the successor taken when the result is false.
     */
    public List<Branch> branchesOn(int call) {
        List<Branch> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (!(insn instanceof JumpInsnNode jump) || frames[i] == null) {
                continue;
            }
            int op = insn.getOpcode();
            if (op != Opcodes.IFEQ && op != Opcodes.IFNE) {
                continue;
            }
            Frame<SourceValue> f = frames[i];
            Origin tested = origin(f.getStack(f.getStackSize() - 1), i, 0);
            if (!tested.roots().contains(call) && tested.roots().stream().noneMatch(r -> isBooleanEqualsOf(r, call))) {
                continue;
            }
            int target = insns.indexOf(jump.label);
            int fallThrough = i + 1;
            result.add(new Branch(i, op == Opcodes.IFEQ ? target : fallThrough, op == Opcodes.IFEQ ? fallThrough : target));
        }
        return result;
    }

    /** {@code Boolean.TRUE.equals(x)} where x comes from {@code call}. */
    private boolean isBooleanEqualsOf(int root, int call) {
        if (insns.get(root) instanceof MethodInsnNode m && m.name.equals("equals") && m.owner.equals("java/lang/Boolean")) {
            return argument(root, 0).roots().contains(call);
        }
        return false;
    }

    /** Every reachable conditional jump on a boolean ({@code ifeq}/{@code ifne}) with where the tested value came from. */
    public List<Test> booleanTests() {
        List<Test> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode jump && frames[i] != null && (op == Opcodes.IFEQ || op == Opcodes.IFNE)) {
                Frame<SourceValue> f = frames[i];
                int target = insns.indexOf(jump.label);
                result.add(new Test(new Branch(i, op == Opcodes.IFEQ ? target : i + 1, op == Opcodes.IFEQ ? i + 1 : target),
                        origin(f.getStack(f.getStackSize() - 1), i, 0)));
            }
        }
        return result;
    }

    /** A boolean test and the origin of the value tested. */
    public record Test(Branch branch, Origin tested) {
    }

    /** Where the value returned by a return instruction came from. */
    public Origin returned(int returnInsn) {
        Frame<SourceValue> f = frames[returnInsn];
        return f == null || f.getStackSize() == 0 ? Origin.UNKNOWN : origin(f.getStack(f.getStackSize() - 1), returnInsn, 0);
    }

    /** The constant an instruction pushes, if it pushes one. */
    public Optional<Object> constant(int index) {
        return Constants.of(insns.get(index));
    }

    /** Whether the instruction pushes {@code null}. */
    public boolean isNullConstant(int index) {
        return insns.get(index).getOpcode() == Opcodes.ACONST_NULL;
    }

    /** Return and store instructions ({@code areturn}, {@code putfield}, {@code putstatic}) whose value comes from {@code call}. */
    public List<Integer> storesOrReturnsOf(int call) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            int op = insns.get(i).getOpcode();
            if (frames[i] != null && (op == Opcodes.ARETURN || op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC)
                    && frames[i].getStackSize() > 0 && origin(frames[i].getStack(frames[i].getStackSize() - 1), i, 0).roots().contains(call)) {
                result.add(i);
            }
        }
        return result;
    }

    /** Whether the instruction pushes a constant (ldc, iconst…). */
    public boolean isConstant(int index) {
        return Constants.of(insns.get(index)).isPresent();
    }

    /** A conditional jump on a boolean: the successors taken when it is false and when it is true. */
    public record Branch(int jump, int whenFalse, int whenTrue) {
    }

    /** Whether the result of {@code call} is discarded at once ({@code pop}). */
    public boolean resultDiscarded(int call) {
        MethodInsnNode m = (MethodInsnNode) insns.get(call);
        if (Type.getReturnType(m.desc).equals(Type.VOID_TYPE)) {
            return false;
        }
        AbstractInsnNode next = insns.get(call).getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        return next != null && (next.getOpcode() == Opcodes.POP || next.getOpcode() == Opcodes.POP2);
    }

    /** Whether the result of {@code call} is returned, stored in a field or passed to another call (handed on). */
    public boolean resultHandedOn(int call) {
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (frames[i] == null || i == call) {
                continue;
            }
            int op = insn.getOpcode();
            Frame<SourceValue> f = frames[i];
            if ((op == Opcodes.IRETURN || op == Opcodes.ARETURN || op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC)
                    && f.getStackSize() > 0 && origin(f.getStack(f.getStackSize() - 1), i, 0).roots().contains(call)) {
                return true;
            }
            if (insn instanceof MethodInsnNode m && !isPassThrough(insn)) {
                int args = Type.getArgumentTypes(m.desc).length;
                for (int a = 0; a < args; a++) {
                    if (argument(i, a).roots().contains(call) && !isBooleanEqualsOf(i, call)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Calls in this method to methods of its own class (helpers), as (name, descriptor) of each call site. */
    public List<Integer> selfCalls() {
        return calls(m -> m.owner.equals(ownerInternalName) && !m.name.equals("<init>"));
    }

    /** {@code new T} instructions of a type (internal name). */
    public List<Integer> news(String internalName) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i) instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW && t.desc.equals(internalName) && reachable(i)) {
                result.add(i);
            }
        }
        return result;
    }

    /** {@code monitorenter} instructions (synchronized blocks). */
    public List<Integer> monitorEnters() {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i).getOpcode() == Opcodes.MONITORENTER && reachable(i)) {
                result.add(i);
            }
        }
        return result;
    }

    /** Edges to leave out of a path search. */
    @FunctionalInterface
    public interface EdgeFilter {
        EdgeFilter NONE = (from, to) -> false;

        boolean cut(int from, int to);
    }
}
