package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One method of an analysed class seen through both lenses: ArchUnit's model (types, annotations, the enclosing
 * method of a lambda) and the bytecode control-flow lens. Rules that need control flow iterate these.
 */
public final class MethodSite {
    /**
     * How many calls deep every rule follows helpers ({@link #helpersCalled}): a release in a helper that calls a
     * helper that releases still counts; one setting for every pack, so the packs agree on what they can see.
     */
    public static final int HELPER_DEPTH = 3;

    private final RunIndex index;
    private final JavaClass owner;
    private final Bytecode.ClassFlows bytecode;
    private final MethodNode method;
    private final MethodFlow flow;

    private MethodSite(RunIndex index, JavaClass owner, Bytecode.ClassFlows bytecode, MethodNode method, MethodFlow flow) {
        this.index = index;
        this.owner = owner;
        this.bytecode = bytecode;
        this.method = method;
        this.flow = flow;
    }

    /**
     * Every method with code that contains a call {@code interesting} accepts (a cheap scan of its instructions;
     * only those are analysed), lambda bodies included; bridges and other compiler-made methods left out.
     */
    public static void forEach(RunIndex index, JavaClass javaClass, CallMatcher interesting, Consumer<MethodSite> action) {
        forEach(index, javaClass, calling(interesting), action);
    }

    /** Every method with code that {@code interesting} accepts (without analysing it first). */
    public static void forEach(RunIndex index, JavaClass javaClass, Predicate<MethodNode> interesting, Consumer<MethodSite> action) {
        Bytecode.of(index, javaClass).ifPresent(bc -> {
            for (MethodNode m : bc.methods()) {
                boolean synthetic = (m.access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0;
                if (synthetic && !isLambda(m) || !interesting.test(m)) {
                    continue;
                }
                bc.flow(m).ifPresent(f -> action.accept(new MethodSite(index, javaClass, bc, m, f)));
            }
        });
    }

    /** Methods whose instructions hold a call the matcher accepts (a scan, no analysis). */
    public static Predicate<MethodNode> calling(CallMatcher matcher) {
        return method -> {
            for (var insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode call && matcher.matches(call)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Methods whose instructions hold the opcode (e.g. {@code MONITORENTER}). */
    public static Predicate<MethodNode> holding(int opcode) {
        return method -> {
            for (var insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn.getOpcode() == opcode) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The method of {@code javaClass} with this name and descriptor, if it has code. */
    public static Optional<MethodSite> of(RunIndex index, JavaClass javaClass, String name, String desc) {
        return Bytecode.of(index, javaClass).flatMap(bc -> bc.method(name, desc)
                .flatMap(m -> bc.flow(m).map(f -> new MethodSite(index, javaClass, bc, m, f))));
    }

    static boolean isLambda(MethodNode m) {
        return m.name.startsWith("lambda$");
    }

    /** What the run knows about its classes. */
    public RunIndex index() {
        return index;
    }

    public JavaClass owner() {
        return owner;
    }

    public MethodNode method() {
        return method;
    }

    public MethodFlow flow() {
        return flow;
    }

    public boolean isLambda() {
        return isLambda(method);
    }

    public boolean isStatic() {
        return (method.access & Opcodes.ACC_STATIC) != 0;
    }

    public boolean isPrivate() {
        return (method.access & Opcodes.ACC_PRIVATE) != 0;
    }

    /** The ArchUnit code unit of this method; for a lambda body, the method that declares the lambda. */
    public Optional<JavaCodeUnit> codeUnit() {
        if (isLambda()) {
            return enclosingOfLambda();
        }
        String[] params = Arrays.stream(Type.getArgumentTypes(method.desc)).map(Type::getClassName).toArray(String[]::new);
        return owner.tryGetCodeUnitWithParameterTypeNames(method.name, List.of(params));
    }

    private Optional<JavaCodeUnit> enclosingOfLambda() {
        // ArchUnit attributes a lambda's calls to the declaring method: find one of this body's calls there.
        for (int i = 0; i < flow.size(); i++) {
            if (flow.insn(i) instanceof MethodInsnNode call && flow.line(i) > 0) {
                int line = flow.line(i);
                String target = call.name;
                Optional<JavaCodeUnit> found = Calls.of(index, owner).named(target).stream()
                        .filter(JavaMethodCall::isDeclaredInLambda)
                        .filter(c -> c.getLineNumber() == line)
                        .map(c -> (JavaCodeUnit) c.getOrigin()).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        String declaring = method.name.substring("lambda$".length(), Math.max("lambda$".length(), method.name.lastIndexOf('$')));
        return owner.getCodeUnits().stream().filter(u -> u.getName().equals(declaring)).findFirst();
    }

    /** The element findings name: {@code Class.method(paramTypes)}, for a lambda its declaring method. */
    public String element() {
        return codeUnit().map(JavaCodeUnit::getFullName).orElseGet(() -> owner.getName() + "." + method.name
                + "(" + String.join(", ", Arrays.stream(Type.getArgumentTypes(method.desc)).map(Type::getClassName).toList()) + ")");
    }

    /** A violation at instruction {@code insn} (its source line; the method's first line when unknown). */
    public Violation violation(int insn, String target, String message) {
        int line = flow.line(insn);
        return new Violation(element(), target, owner, line > 0 ? line : firstLine(), message);
    }

    /** The first source line of the method's code, 0 without debug information. */
    public int firstLine() {
        for (int i = 0; i < flow.size(); i++) {
            if (flow.line(i) > 0) {
                return flow.line(i);
            }
        }
        return 0;
    }

    /** A readable name for a call instruction's target: {@code owner.Type.name(params)}. */
    public static String describe(MethodInsnNode call) {
        List<String> params = new ArrayList<>();
        for (Type t : Type.getArgumentTypes(call.desc)) {
            params.add(t.getClassName());
        }
        return Type.getObjectType(call.owner).getClassName() + "." + call.name + "(" + String.join(", ", params) + ")";
    }

    /**
     * Same-class methods called from here (helpers) that contain a call {@code interesting} accepts or call further
     * helpers, resolved to their sites; lambdas are not followed.
     */
    public List<MethodSite> helpersCalled(int insn, Predicate<MethodNode> interesting) {
        if (!(flow.insn(insn) instanceof MethodInsnNode call) || !call.owner.equals(bytecode.node().name) || call.name.equals("<init>")) {
            return List.of();
        }
        String self = bytecode.node().name;
        return bytecode.method(call.name, call.desc)
                .filter(interesting.or(calling(c -> c.owner.equals(self) && !c.name.equals("<init>"))))
                .flatMap(m -> bytecode.flow(m).map(f -> new MethodSite(index, owner, bytecode, m, f)))
                .map(List::of).orElse(List.of());
    }
}
