package dev.archgov.rules.cache;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Who chooses a cache key that comes in as a parameter: a miss can be exploited only when a request can name keys
 * that do not exist. When every call of the method in the analysed code passes a bounded value for the key's
 * parameters (a constant, an enum constant's name, the authenticated user from the security context, or such a value
 * handed down one more call), no request chooses the key and the fallback is no penetration. A method nobody in the
 * analysed code calls (an endpoint, a public API) keeps its key as chosen by its caller.
 */
final class KeyProvenance {
    /** How many callers up a parameter is followed. */
    private static final int CALLER_DEPTH = 2;
    /** Getters of the authenticated user, on a security-context class. */
    private static final Pattern CURRENT_USER = Pattern.compile("get(Current|Login)(User|Member|Account)\\w*|getUserId|getLoginId\\w*|getUsername");
    private static final Pattern SECURITY_CONTEXT = Pattern.compile("(?i)(secur|auth|login|session|context|token|stputil|subject)[^/]*$");

    private KeyProvenance() {
    }

    /** Whether the key of the cache read {@code read} in {@code site} is bounded by every caller of the method. */
    static boolean boundedByCallers(MethodSite site, int read) {
        MethodFlow flow = site.flow();
        if (Type.getArgumentTypes(((MethodInsnNode) flow.insn(read)).desc).length == 0) {
            return false;
        }
        Set<Integer> params = flow.parametersOf(flow.argument(read, 0), 6);
        return !params.isEmpty() && boundedByCallers(site, params, CALLER_DEPTH);
    }

    private static boolean boundedByCallers(MethodSite site, Set<Integer> params, int depth) {
        return everyCaller(site, params, depth, method -> false, (flow, value) -> bounded(flow, value, 4));
    }

    /**
     * Whether at every call of {@code site}'s method the values passed for {@code params} are {@code settled}, or are the
     * caller's own parameters (converted at most) for which the same holds one caller up, {@code depth} callers at most;
     * a method {@code source} accepts ends the walk with yes (its parameters come from where the caller wants them: a
     * request). No caller in the analysed code, or one that cannot be read, is a no.
     */
    static boolean everyCaller(MethodSite site, Set<Integer> params, int depth, Predicate<JavaMethod> source,
                               BiPredicate<MethodFlow, MethodFlow.Origin> settled) {
        Optional<JavaCodeUnit> unit = site.codeUnit();
        if (unit.isEmpty() || !(unit.get() instanceof JavaMethod method)) {
            return false;
        }
        if (source.test(method)) {
            return true;
        }
        if (depth == 0) {
            return false;
        }
        Optional<List<CallSite>> calls = callSites(site.index(), method);
        if (calls.isEmpty()) {
            return false;
        }
        for (CallSite call : calls.get()) {
            MethodFlow flow = call.caller().flow();
            for (int p : params) {
                MethodFlow.Origin value = flow.argument(call.insn(), p);
                if (!settled.test(flow, value)) {
                    Set<Integer> up = flow.parametersOf(value, 4);
                    if (up.isEmpty() || !onlyFromParameters(flow, value, 4) || !everyCaller(call.caller(), up, depth - 1, source, settled)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** One call of a method in the analysed code: the calling method and the call instruction. */
    record CallSite(MethodSite caller, int insn) {
    }

    /**
     * Every call of {@code method} in the analysed code (through its interfaces and superclasses too), as call
     * instructions of their callers; empty when it has no caller or one cannot be read (then nothing is known of them).
     */
    static Optional<List<CallSite>> callSites(RunIndex index, JavaMethod method) {
        List<JavaMethodCall> calls = callsOf(method);
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        List<CallSite> sites = new ArrayList<>();
        for (JavaMethodCall call : calls) {
            JavaCodeUnit origin = call.getOrigin();
            Optional<MethodSite> caller = MethodSite.of(index, origin.getOwner(), origin.getName(), Descriptors.of(origin));
            if (caller.isEmpty()) {
                return Optional.empty();
            }
            MethodFlow flow = caller.get().flow();
            List<Integer> at = flow.calls(m -> m.name.equals(method.getName()) && m.desc.equals(Descriptors.of(method))).stream()
                    .filter(i -> flow.line(i) == call.getLineNumber()).toList();
            if (at.isEmpty()) {
                return Optional.empty();
            }
            at.forEach(i -> sites.add(new CallSite(caller.get(), i)));
        }
        return Optional.of(sites);
    }

    /** The calls of a method and of the methods it implements or overrides (a service called through its interface). */
    private static List<JavaMethodCall> callsOf(JavaMethod method) {
        List<JavaMethodCall> calls = new ArrayList<>(method.getCallsOfSelf());
        String[] params = method.getRawParameterTypes().stream().map(JavaClass::getName).toArray(String[]::new);
        List<JavaClass> supertypes = new ArrayList<>(method.getOwner().getAllRawInterfaces());
        supertypes.addAll(method.getOwner().getAllRawSuperclasses());
        for (JavaClass type : supertypes) {
            type.tryGetMethod(method.getName(), params).ifPresent(m -> calls.addAll(m.getCallsOfSelf()));
        }
        return calls;
    }

    /** A value no request chooses: a constant, an enum constant or its name, the authenticated user, or built from those. */
    private static boolean bounded(MethodFlow flow, MethodFlow.Origin value, int depth) {
        if (value.unknown() || !value.params().isEmpty() || value.roots().isEmpty() || depth == 0) {
            return false;
        }
        for (int r : value.roots()) {
            AbstractInsnNode insn = flow.insn(r);
            if (flow.isConstant(r) || insn instanceof FieldInsnNode f && insn.getOpcode() == Opcodes.GETSTATIC) {
                continue;
            }
            if (insn instanceof MethodInsnNode m && (CURRENT_USER.matcher(m.name).matches() && SECURITY_CONTEXT.matcher(m.owner).find())) {
                continue;
            }
            if (insn instanceof MethodInsnNode m && m.name.equals("name") && m.desc.equals("()Ljava/lang/String;") && m.getOpcode() != Opcodes.INVOKESTATIC) {
                continue; // Enum.name(): one of a fixed set (only an enum has a final name() of this shape in common code)
            }
            if (insn instanceof MethodInsnNode m && (m.owner.equals("java/lang/String") && m.name.equals("valueOf")
                    || m.owner.equals("java/lang/StringBuilder") || m.name.equals("toString"))) {
                int operands = Type.getArgumentTypes(m.desc).length + (m.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
                for (int d = 0; d < operands; d++) {
                    if (!bounded(flow, flow.stackValue(r, d), depth - 1)) {
                        return false;
                    }
                }
                continue;
            }
            return false;
        }
        return true;
    }

    /** The value is a parameter handed down (possibly converted), nothing the caller computes from other state. */
    static boolean onlyFromParameters(MethodFlow flow, MethodFlow.Origin value, int depth) {
        if (value.unknown()) {
            return false;
        }
        if (value.roots().isEmpty()) {
            return !value.params().isEmpty();
        }
        for (int r : value.roots()) {
            if (!(flow.insn(r) instanceof MethodInsnNode m) || depth == 0) {
                return false;
            }
            boolean conversion = m.owner.equals("java/lang/String") && m.name.equals("valueOf") || m.name.equals("toString")
                    || m.owner.startsWith("java/lang/") && (m.name.equals("valueOf") || m.name.endsWith("Value"));
            if (!conversion) {
                return false;
            }
            int operands = Type.getArgumentTypes(m.desc).length + (m.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
            for (int d = 0; d < operands; d++) {
                if (!onlyFromParameters(flow, flow.stackValue(r, d), depth - 1)) {
                    return false;
                }
            }
        }
        return true;
    }
}
