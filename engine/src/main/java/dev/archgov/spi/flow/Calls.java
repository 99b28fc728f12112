package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.archgov.spi.RunIndex;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The method and constructor calls a class makes, indexed once by the called method's name and by the target type, and shared by
 * every rule (like {@link Supertypes} for subtypes and {@link ProxyAnnotations} for annotations). A rule asking
 * "does this class call {@code lock}/{@code tryLock} on a lock type?" looks up two names instead of scanning every
 * call of every class again: on the 10,400-class reference target that scan, repeated by each rule's class
 * filter, was most of the packs' cost.
 */
public final class Calls {
    private static final RunIndex.Key<Calls> CALLS = RunIndex.Key.named("calls");
    private static final RunIndex.Key<Map<String, MethodInsnNode>> INSTRUCTIONS = RunIndex.Key.named("call instructions");

    private final Map<String, List<JavaMethodCall>> byName;
    private final Set<JavaClass> owners;
    private final Set<String> constructed;
    private final List<JavaConstructorCall> constructorCalls;
    private final Map<String, MethodInsnNode> shared;
    private volatile List<MethodInsnNode> instructions;

    private Calls(RunIndex index, JavaClass javaClass) {
        this.shared = index.of(INSTRUCTIONS, ConcurrentHashMap::new);
        Map<String, List<JavaMethodCall>> names = new HashMap<>();
        Set<JavaClass> targets = new LinkedHashSet<>();
        for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
            names.computeIfAbsent(call.getName(), n -> new ArrayList<>(2)).add(call);
            targets.add(call.getTargetOwner());
        }
        Set<String> types = new HashSet<>();
        List<JavaConstructorCall> constructors = new ArrayList<>();
        javaClass.getConstructorCallsFromSelf().forEach(call -> {
            types.add(call.getTargetOwner().getName());
            constructors.add(call);
        });
        this.constructorCalls = constructors;
        this.byName = names;
        this.owners = Collections.unmodifiableSet(targets);
        this.constructed = types;
    }

    /** The calls of one class, built on first use (by whichever rule asks first) and kept for the run. */
    public static Calls of(RunIndex index, JavaClass javaClass) {
        return index.of(CALLS, javaClass, c -> new Calls(index, c));
    }

    /**
     * The distinct methods and constructors the class calls, as call instructions a {@link CallMatcher} accepts
     * (owner, name and descriptor; no opcode): built once per class and shared, so read them, never change them.
     */
    public List<MethodInsnNode> instructions() {
        List<MethodInsnNode> result = instructions;
        if (result == null) {
            Set<MethodInsnNode> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            List<MethodInsnNode> ordered = new ArrayList<>();
            for (List<JavaMethodCall> calls : byName.values()) {
                for (JavaMethodCall call : calls) {
                    MethodInsnNode m = instruction(call);
                    if (distinct.add(m)) {
                        ordered.add(m);
                    }
                }
            }
            for (JavaConstructorCall call : constructorCalls) {
                MethodInsnNode m = instruction(call);
                if (distinct.add(m)) {
                    ordered.add(m);
                }
            }
            result = List.copyOf(ordered);
            instructions = result;
        }
        return result;
    }

    /**
     * A call of this class as the call instruction a {@link CallMatcher} accepts (owner, name and descriptor; opcode 0).
     * One object per called method for the whole run, shared by every class calling it (the descriptor is computed
     * once): read it, never change it (copy it to set an opcode).
     */
    public MethodInsnNode instruction(AccessTarget.CodeUnitCallTarget target) {
        // the full name leaves out the return type, which bytecode may overload on (bridge methods)
        return shared.computeIfAbsent(target.getFullName() + ")" + target.getRawReturnType().getName(), k -> new MethodInsnNode(0,
                target.getOwner().getName().replace('.', '/'), target.getName(), Descriptors.of(target)));
    }

    /** {@link #instruction(AccessTarget.CodeUnitCallTarget)} of a call's target. */
    public MethodInsnNode instruction(JavaCall<?> call) {
        return instruction(call.getTarget());
    }

    /** Every method call of the class (not the constructor calls), grouped by method name. */
    public Stream<JavaMethodCall> all() {
        return byName.values().stream().flatMap(List::stream);
    }

    /** The calls of a method with this name, in any target type. */
    public List<JavaMethodCall> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Whether a call of one of these method names satisfies {@code test}. */
    public boolean any(Collection<String> names, Predicate<JavaMethodCall> test) {
        for (String name : names) {
            for (JavaMethodCall call : named(name)) {
                if (test.test(call)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the class calls a method with one of these names at all. */
    public boolean anyNamed(String... names) {
        for (String name : names) {
            if (byName.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /** The calls with one of these method names, name by name. */
    public List<JavaMethodCall> named(Collection<String> names) {
        List<JavaMethodCall> calls = new ArrayList<>();
        names.forEach(n -> calls.addAll(named(n)));
        return calls;
    }

    /** Whether the class constructs one of these types (fully qualified names, {@code .}-separated). */
    public boolean constructsAny(Collection<String> typeNames) {
        for (String t : typeNames) {
            if (constructed.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** The names of the methods the class calls on {@code owner} (declared there or inherited by it). */
    public Set<String> namesCalledOn(JavaClass owner) {
        Set<String> names = new LinkedHashSet<>();
        byName.forEach((name, calls) -> {
            if (calls.stream().anyMatch(c -> c.getTargetOwner().equals(owner))) {
                names.add(name);
            }
        });
        return names;
    }

    /** The distinct types whose methods the class calls. */
    public Set<JavaClass> owners() {
        return owners;
    }

    /**
     * The type a call instruction of this class names ({@code com/acme/OrderMapper}), as ArchUnit imported it with the
     * class: one of the types whose methods or constructors it calls. Empty when the class calls neither on such a type.
     */
    public Optional<JavaClass> owner(String internalName) {
        String name = internalName.replace('/', '.');
        return owners.stream().filter(o -> o.getName().equals(name)).findFirst()
                .or(() -> constructorCalls.stream().map(JavaConstructorCall::getTargetOwner).filter(o -> o.getName().equals(name)).findFirst());
    }
}
