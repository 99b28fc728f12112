package dev.archgov.spi.flow;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * One method's bytecode seen as a control-flow graph, exception edges included ({@link ControlFlow}), with where each
 * value came from ({@link ValueOrigins}). It answers the questions ArchUnit cannot: does every path from a call to a
 * method exit pass through another call; is a call's boolean result branched on; is a call inside the protected range
 * of a handler.
 *
 * <p>Model: an instruction that invokes a method ({@code invoke*}, {@code invokedynamic}) or throws
 * ({@code athrow}) may raise an exception (constructors of the class's own nested classes excepted); it then
 * continues at each handler covering it up to the first catch-all entry of the exception table (the JVM takes the
 * first match), and leaves the method unless a catch-all handler ({@code finally}, {@code catch Throwable}) covers
 * it. Runtime exceptions of field and array access or arithmetic are not modelled. javac's duplicated finally bodies
 * need no special care: every copy is on its own path.
 */
public final class MethodFlow {
    private final String ownerInternalName;
    private final MethodNode method;
    private final InsnList insns;
    private final ControlFlow graph;
    private final ValueOrigins values;
    private final int[] lines;

    private MethodFlow(String ownerInternalName, MethodNode method) throws AnalyzerException {
        this.ownerInternalName = ownerInternalName;
        this.method = method;
        this.insns = method.instructions;
        ControlFlow cfg = new ControlFlow(ownerInternalName, method);
        Analyzer<SourceValue> analyzer = new Analyzer<>(new SourceInterpreter()) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                cfg.normalEdge(insn, successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode handler) {
                cfg.exceptionEdge(insn, handler);
                return true;
            }
        };
        this.values = new ValueOrigins(insns, analyzer.analyze(ownerInternalName, method));
        cfg.complete();
        this.graph = cfg;
        this.lines = new int[insns.size()];
        int line = 0;
        for (int i = 0; i < lines.length; i++) {
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

    /** The index of an instruction of this method (a jump's label, say), -1 when it is not one. */
    public int indexOf(AbstractInsnNode insn) {
        return insns.indexOf(insn);
    }

    /** Whether the instruction is reachable at all (dead code has no frame). */
    public boolean reachable(int index) {
        return values.reachable(index);
    }

    /** Whether instruction {@code i} is a call {@code matcher} accepts. */
    public boolean isCall(int i, CallMatcher matcher) {
        return insns.get(i) instanceof MethodInsnNode m && matcher.matches(m);
    }

    /** Indices of the reachable method calls that {@code matcher} accepts, in bytecode order. */
    public List<Integer> calls(CallMatcher matcher) {
        return matching(i -> isCall(i, matcher));
    }

    private List<Integer> matching(IntPredicate test) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            if (reachable(i) && test.test(i)) {
                result.add(i);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- paths

    /**
     * A path from just after {@code from} completes normally to a method exit (return, or an exception leaving the
     * method) that passes through no instruction accepted by {@code barrier}. Edges accepted by {@code cut} (from,
     * to) are not followed. Returns the exit instruction of such a path, or empty when every path is barred.
     */
    public Optional<Integer> pathToExitAvoiding(int from, IntPredicate barrier, EdgeFilter cut) {
        return graph.pathToExitAvoiding(from, barrier, cut);
    }

    /** A path from instruction {@code start} (inclusive) to one accepted by {@code target}, avoiding {@code avoid}. */
    public Optional<Integer> pathAvoiding(int start, IntPredicate target, IntPredicate avoid) {
        return graph.pathAvoiding(start, target, avoid);
    }

    /**
     * As {@link #pathAvoiding(int, IntPredicate, IntPredicate)}, not following the edges {@code cut} accepts: e.g. the
     * branch of a second test of a value that the path already knows the outcome of.
     */
    public Optional<Integer> pathAvoiding(int start, IntPredicate target, IntPredicate avoid, EdgeFilter cut) {
        return graph.pathAvoiding(start, target, avoid, cut);
    }

    /** Whether any path leads from {@code from} (exclusive) to an instruction accepted by {@code target}. */
    public boolean reaches(int from, IntPredicate target) {
        return graph.reachesAvoiding(from, target, i -> false);
    }

    /** Whether some path leads from {@code from} (exclusive) to {@code to} without passing an instruction {@code avoid} accepts. */
    public boolean reachesAvoiding(int from, int to, IntPredicate avoid) {
        return graph.reachesAvoiding(from, i -> i == to, avoid);
    }

    /** Whether every path from the method's entry to {@code target} passes an instruction {@code gate} accepts. */
    public boolean dominatedBy(int target, IntPredicate gate) {
        return pathAvoiding(0, i -> i == target, gate).isEmpty();
    }

    /** Catch-all handlers ({@code finally}) whose protected range covers the instruction: their handler starts. */
    public List<Integer> catchAllHandlersCovering(int index) {
        return graph.catchAllHandlersCovering(index);
    }

    /**
     * How a path found by {@link #pathToExitAvoiding} leaves the method, in the words every rule uses: "the return at
     * line 12", "an exception from save() at line 14", "an exception thrown at line 15".
     */
    public String describeExit(int exit) {
        String at = line(exit) > 0 ? " at line " + line(exit) : "";
        if (ControlFlow.isReturn(insns.get(exit))) {
            return "the return" + at;
        }
        if (insns.get(exit) instanceof MethodInsnNode m) {
            return "an exception from " + m.name + "()" + at;
        }
        return "an exception thrown" + at;
    }

    // ---------------------------------------------------------------- values

    /** Where the receiver of a call came from. Static calls have no receiver. */
    public Origin receiver(int call) {
        return values.receiver(call);
    }

    /** Where argument {@code arg} (0-based) of a call came from. */
    public Origin argument(int call, int arg) {
        return values.argument(call, arg);
    }

    /** The constant an argument is, if bytecode shows one (ldc, iconst, bipush, sipush, lconst…). */
    public Optional<Object> constantArgument(int call, int arg) {
        Origin o = argument(call, arg);
        return o.roots().size() != 1 ? Optional.empty() : Constants.of(insns.get(o.roots().iterator().next()));
    }

    /**
     * The text of a string argument as far as bytecode shows it: a constant, or a concatenation
     * ({@code "stock = stock - " + n}, compiled to {@code invokedynamic} or to a {@code StringBuilder} chain) with every
     * value that is not a constant written {@code ?}. Empty when the text is not built in the method.
     */
    public Optional<String> textArgument(int call, int arg) {
        return text(argument(call, arg), 6);
    }

    private Optional<String> text(Origin o, int depth) {
        if (o.roots().size() != 1 || depth == 0) {
            return Optional.empty();
        }
        int root = o.roots().iterator().next();
        AbstractInsnNode insn = insns.get(root);
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
            return Optional.of(s);
        }
        if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
            return Optional.of(indy.bsm.getName().equals("makeConcatWithConstants") && indy.bsmArgs.length > 0 && indy.bsmArgs[0] instanceof String recipe
                    ? recipe.replace('\u0001', '?').replace('\u0002', '?') : "?");
        }
        if (insn instanceof MethodInsnNode m && m.owner.equals("java/lang/StringBuilder")) {
            if (m.name.equals("toString")) {
                return text(receiver(root), depth - 1);
            }
            if (m.name.equals("append")) {
                String before = text(receiver(root), depth - 1).orElse("");
                return Optional.of(before + text(argument(root, 0), 1).orElse("?"));
            }
            if (m.name.equals("<init>")) {
                return Optional.of(Type.getArgumentTypes(m.desc).length == 0 ? "" : text(argument(root, 0), 1).orElse("?"));
            }
        }
        if (insn.getOpcode() == Opcodes.NEW && insn instanceof TypeInsnNode t && t.desc.equals("java/lang/StringBuilder")) {
            return Optional.of("");
        }
        return Optional.empty();
    }

    /** Where an arbitrary stack value at instruction {@code index} came from (0 = top of stack). */
    public Origin stackValue(int index, int depthFromTop) {
        return values.stack(index, depthFromTop);
    }

    /** Where the value returned by a return instruction came from. */
    public Origin returned(int returnInsn) {
        return values.stack(returnInsn, 0);
    }

    /**
     * Whether a value is computed from the method's parameters ({@code this} aside): directly, or through the
     * receivers and arguments of calls, string concatenation and field reads, up to {@code depth} steps back
     * ({@code "user:" + id}, {@code keys.of(order.getId())}).
     */
    public boolean fromParameters(Origin value, int depth) {
        return fromParameters(value, depth, type -> true);
    }

    /** {@link #fromParameters(Origin, int)} counting only the parameters whose declared type {@code accept} accepts. */
    public boolean fromParameters(Origin value, int depth, Predicate<Type> accept) {
        boolean instance = (method.access & Opcodes.ACC_STATIC) == 0;
        if (value.params().stream().anyMatch(p -> (!instance || !p.equals("param:0")) && parameterType(p).filter(accept).isPresent())) {
            return true;
        }
        if (depth == 0) {
            return false;
        }
        for (int r : value.roots()) {
            AbstractInsnNode insn = insns.get(r);
            int operands = insn instanceof MethodInsnNode call
                    ? Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1)
                    : insn instanceof InvokeDynamicInsnNode indy ? Type.getArgumentTypes(indy.desc).length
                    : insn.getOpcode() == Opcodes.GETFIELD ? 1 : 0;
            for (int d = 0; d < operands; d++) {
                if (fromParameters(values.stack(r, d), depth - 1, accept)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The parameters (0-based argument positions, {@code this} aside) a value is computed from, through the same steps
     * as {@link #fromParameters(Origin, int)}.
     */
    public Set<Integer> parametersOf(Origin value, int depth) {
        Set<Integer> result = new TreeSet<>();
        collectParameters(value, depth, result);
        return result;
    }

    private void collectParameters(Origin value, int depth, Set<Integer> result) {
        boolean instance = (method.access & Opcodes.ACC_STATIC) == 0;
        for (String p : value.params()) {
            int slot = Integer.parseInt(p.substring("param:".length()));
            int next = instance ? 1 : 0;
            Type[] args = Type.getArgumentTypes(method.desc);
            for (int a = 0; a < args.length; a++) {
                if (next == slot) {
                    result.add(a);
                }
                next += args[a].getSize();
            }
        }
        if (depth == 0) {
            return;
        }
        for (int r : value.roots()) {
            AbstractInsnNode insn = insns.get(r);
            int operands = insn instanceof MethodInsnNode call
                    ? Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1)
                    : insn instanceof InvokeDynamicInsnNode indy ? Type.getArgumentTypes(indy.desc).length
                    : insn.getOpcode() == Opcodes.GETFIELD || insn.getOpcode() == Opcodes.CHECKCAST ? 1 : 0;
            for (int d = 0; d < operands; d++) {
                collectParameters(values.stack(r, d), depth - 1, result);
            }
        }
    }

    /** The declared type of the parameter a {@code param:N} origin names (N its local variable slot). */
    private Optional<Type> parameterType(String param) {
        int slot = Integer.parseInt(param.substring("param:".length()));
        int next = (method.access & Opcodes.ACC_STATIC) == 0 ? 1 : 0;
        for (Type t : Type.getArgumentTypes(method.desc)) {
            if (next == slot) {
                return Optional.of(t);
            }
            next += t.getSize();
        }
        return Optional.empty();
    }

    /** Whether two values may be the same object (see {@link ValueOrigins#maySame}). */
    public boolean maySame(Origin a, Origin b) {
        return values.maySame(a, b);
    }

    /** The constant an instruction pushes, if it pushes one. */
    public Optional<Object> constant(int index) {
        return Constants.of(insns.get(index));
    }

    /** Whether the instruction pushes a constant (ldc, iconst…). */
    public boolean isConstant(int index) {
        return constant(index).isPresent();
    }

    /** Whether the instruction pushes {@code null}. */
    public boolean isNullConstant(int index) {
        return insns.get(index).getOpcode() == Opcodes.ACONST_NULL;
    }

    /** Where a value came from; two origins may denote the same object unless both are fully known and disjoint. */
    public record Origin(Set<Integer> roots, Set<String> params, boolean unknown) {
        public static final Origin UNKNOWN = new Origin(Set.of(), Set.of(), true);

        public boolean isThis(MethodFlow flow) {
            return (flow.method.access & Opcodes.ACC_STATIC) == 0 && roots.isEmpty() && !unknown && params.equals(Set.of("param:0"));
        }
    }

    // ---------------------------------------------------------------- branches

    /**
     * Every reachable null test ({@code ifnull}/{@code ifnonnull}) with where the tested value came from: the successor
     * taken when it is null ({@code whenFalse} of the branch) and when it is not ({@code whenTrue}).
     */
    public List<Test> nullTests() {
        return tests(Opcodes.IFNULL, Opcodes.IFNONNULL);
    }

    /** Every reachable conditional jump on a boolean ({@code ifeq}/{@code ifne}) with where the tested value came from. */
    public List<Test> booleanTests() {
        return tests(Opcodes.IFEQ, Opcodes.IFNE);
    }

    /** The reachable jumps {@code whenFalseJumps} or {@code whenTrueJumps}: each one's branch and tested value. */
    private List<Test> tests(int whenFalseJumps, int whenTrueJumps) {
        List<Test> result = new ArrayList<>();
        for (int i : matching(i -> insns.get(i).getOpcode() == whenFalseJumps || insns.get(i).getOpcode() == whenTrueJumps)) {
            int target = insns.indexOf(((JumpInsnNode) insns.get(i)).label);
            boolean jumpsWhenFalse = insns.get(i).getOpcode() == whenFalseJumps;
            result.add(new Test(new Branch(i, jumpsWhenFalse ? target : i + 1, jumpsWhenFalse ? i + 1 : target), values.stack(i, 0)));
        }
        return result;
    }

    /**
     * The conditional jumps that test the boolean result of {@code call} (directly, through a local variable, unboxed,
     * or through {@code Boolean.TRUE.equals}/{@code BooleanUtil.isTrue}), each with the successor taken when the result is false.
     */
    public List<Branch> branchesOn(int call) {
        return booleanTests().stream().filter(t -> t.tested().roots().contains(call)
                || t.tested().roots().stream().anyMatch(r -> isBooleanEqualsOf(r, call))).map(Test::branch).toList();
    }

    /**
     * {@code Boolean.TRUE.equals(x)}, or a null-safe truth test of the common utilities ({@code BooleanUtil.isTrue(x)} of
     * Hutool, {@code BooleanUtils.isTrue(x)} of commons-lang3: true exactly when x is), where x comes from {@code call}.
     */
    private boolean isBooleanEqualsOf(int root, int call) {
        return insns.get(root) instanceof MethodInsnNode m && (m.name.equals("equals") && m.owner.equals("java/lang/Boolean")
                || m.name.equals("isTrue") && m.getOpcode() == Opcodes.INVOKESTATIC && m.desc.equals("(Ljava/lang/Boolean;)Z"))
                && argument(root, 0).roots().contains(call);
    }

    /** A boolean test and the origin of the value tested. */
    public record Test(Branch branch, Origin tested) {
    }

    /** A conditional jump on a boolean: the successors taken when it is false and when it is true. */
    public record Branch(int jump, int whenFalse, int whenTrue) {
    }

    // ---------------------------------------------------------------- results

    /** Return and store instructions ({@code areturn}, {@code putfield}, {@code putstatic}) whose value comes from {@code call}. */
    public List<Integer> storesOrReturnsOf(int call) {
        return matching(i -> {
            int op = insns.get(i).getOpcode();
            return (op == Opcodes.ARETURN || op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC) && values.stack(i, 0).roots().contains(call);
        });
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
        return !matching(i -> i != call && handsOn(i, call)).isEmpty();
    }

    private boolean handsOn(int i, int call) {
        AbstractInsnNode insn = insns.get(i);
        int op = insn.getOpcode();
        if (op == Opcodes.IRETURN || op == Opcodes.ARETURN || op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC) {
            return values.stack(i, 0).roots().contains(call);
        }
        if (insn instanceof MethodInsnNode m && !ValueOrigins.isPassThrough(insn)) {
            for (int a = 0; a < Type.getArgumentTypes(m.desc).length; a++) {
                if (argument(i, a).roots().contains(call) && !isBooleanEqualsOf(i, call)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- instructions

    /** Calls in this method to methods of its own class (helpers). */
    public List<Integer> selfCalls() {
        return calls(m -> m.owner.equals(ownerInternalName) && !m.name.equals("<init>"));
    }

    /** {@code new T} instructions of a type (internal name). */
    public List<Integer> news(String internalName) {
        return matching(i -> insns.get(i) instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW && t.desc.equals(internalName));
    }

    /** {@code monitorenter} instructions (synchronized blocks). */
    public List<Integer> monitorEnters() {
        return matching(i -> insns.get(i).getOpcode() == Opcodes.MONITORENTER);
    }

    /** Edges to leave out of a path search. */
    @FunctionalInterface
    public interface EdgeFilter {
        EdgeFilter NONE = (from, to) -> false;

        boolean cut(int from, int to);
    }
}
