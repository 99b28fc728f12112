package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import org.objectweb.asm.tree.MethodInsnNode;

/** JVM descriptors of ArchUnit's code units, to meet the bytecode lens on the same terms. */
public final class Descriptors {
    private Descriptors() {
    }

    public static String of(JavaCodeUnit unit) {
        StringBuilder d = new StringBuilder("(");
        unit.getRawParameterTypes().forEach(t -> d.append(of(t)));
        return d.append(")").append(of(unit.getRawReturnType())).toString();
    }

    public static String of(AccessTarget.CodeUnitCallTarget target) {
        StringBuilder d = new StringBuilder("(");
        target.getRawParameterTypes().forEach(t -> d.append(of(t)));
        return d.append(")").append(of(target.getRawReturnType())).toString();
    }

    public static String of(JavaClass type) {
        String name = type.getName();
        return switch (name) {
            case "void" -> "V";
            case "boolean" -> "Z";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "int" -> "I";
            case "long" -> "J";
            case "float" -> "F";
            case "double" -> "D";
            default -> name.startsWith("[") ? name.replace('.', '/') : "L" + name.replace('.', '/') + ";";
        };
    }

    /**
     * An ArchUnit method call as the call instruction a {@link dev.archgov.spi.flow.CallMatcher} accepts, a new object
     * each time; {@link Calls#instruction} gives the run's shared one (no descriptor computed twice).
     */
    public static MethodInsnNode asInstruction(JavaMethodCall call) {
        return new MethodInsnNode(0, call.getTargetOwner().getName().replace('.', '/'), call.getName(), of(call.getTarget()));
    }
}
