package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Method summaries: what a method of the analysed code does, in a pack's words ("acquires a lock", "releases a lock",
 * "borrows from a pool" …), seen through the application's own helpers and wrappers. A pack names the effects of
 * library calls ({@link Effects}: {@code RLock.tryLock} acquires); a summary is the union of the effects of every
 * reachable call in the method and, for a call into the analysed code, of the callee's summary (static, private,
 * virtual and interface calls; an interface or abstract method stands for every analysed implementation). Summaries
 * compose across classes up to {@link #DEPTH} calls deep, are computed once per run (kept in the run's
 * {@link RunIndex}) and shared by every rule of the pack; a recursive cycle contributes what is known when it closes.
 *
 * <p>A summary says what may happen on some path, not on every path: it answers "can this call take a lock?", and a
 * rule that needs "on every path" asks the control flow of the caller.
 */
public final class Summaries {
    /** How many calls deep summaries follow the analysed code (a wrapper of a wrapper of a library call is 2). */
    public static final int DEPTH = 4;

    /** The effects a pack gives one call instruction into a library (effects are short names, e.g. {@code acquire}). */
    @FunctionalInterface
    public interface Effects {
        Set<String> of(MethodInsnNode call);
    }

    private final RunIndex index;
    private final Effects direct;
    private final Map<String, Known> byMethod = new ConcurrentHashMap<>();
    private final Map<String, Optional<JavaClass>> classes = new ConcurrentHashMap<>();

    private Summaries(RunIndex index, Effects direct) {
        this.index = index;
        this.direct = direct;
    }

    /**
     * The summaries of one pack for this run: {@code key} names them (declare it once as a constant), {@code direct}
     * gives the effects of library calls.
     */
    public static Summaries of(RunIndex index, RunIndex.Key<Summaries> key, Effects direct) {
        return index.of(key, () -> new Summaries(index, direct));
    }

    /**
     * The effects of call instruction {@code call} of {@code site}: the library call's own, or the summary of the
     * analysed method(s) it calls. Empty for anything else.
     */
    public Set<String> ofCall(MethodSite site, int call) {
        AbstractInsnNode insn = site.flow().insn(call);
        return insn instanceof MethodInsnNode m ? ofCall(site.owner(), m, 0, new Walk()) : Set.of();
    }

    /** Every effect of the method (its calls', through the analysed code). */
    public Set<String> of(MethodSite site) {
        return summary(site.owner(), site.method(), 0, new Walk());
    }

    /** Whether call instruction {@code call} of {@code site} has effect {@code effect}. */
    public boolean has(MethodSite site, int call, String effect) {
        return ofCall(site, call).contains(effect);
    }

    /** One question's walk through the call graph: the methods being summarised, and how many cycles it closed. */
    private static final class Walk {
        final Set<String> inProgress = new HashSet<>();
        int cycles;
    }

    /** A summary as computed {@code depth} calls below the question that asked for it (deeper: less of it seen). */
    private record Known(Set<String> effects, int depth) {
    }

    private Set<String> ofCall(JavaClass from, MethodInsnNode call, int depth, Walk walk) {
        Set<String> effects = direct.of(call);
        if (!effects.isEmpty() || depth >= DEPTH || call.name.equals("<clinit>")) {
            return effects;
        }
        Set<String> result = new TreeSet<>();
        for (Target t : targets(from, call)) {
            result.addAll(summary(t.owner(), t.method(), depth + 1, walk));
        }
        return result;
    }

    private Set<String> summary(JavaClass owner, MethodNode method, int depth, Walk walk) {
        String key = owner.getName() + "." + method.name + method.desc;
        Known known = byMethod.get(key);
        if (known != null && known.depth() <= depth) {
            return known.effects();
        }
        if (!walk.inProgress.add(key)) {
            walk.cycles++;
            return Set.of(); // a recursive cycle: what is known when it closes
        }
        int cyclesBefore = walk.cycles;
        try {
            Set<String> result = new TreeSet<>();
            for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode call) {
                    result.addAll(ofCall(owner, call, depth, walk));
                }
            }
            Set<String> summary = Collections.unmodifiableSet(result);
            if (walk.cycles == cyclesBefore) { // one computed inside a cycle may be partial: not kept
                byMethod.merge(key, new Known(summary, depth), (a, b) -> a.depth() <= b.depth() ? a : b);
            }
            return summary;
        } finally {
            walk.inProgress.remove(key);
        }
    }

    /** One analysed method a call may run. */
    private record Target(JavaClass owner, MethodNode method) {
    }

    /**
     * The analysed methods a call may run: the method the call names (or the one it inherits) in an analysed class,
     * and for a virtual or interface call the overriding methods of every analysed subtype.
     */
    private List<Target> targets(JavaClass from, MethodInsnNode call) {
        Optional<JavaClass> named = classNamed(from, call.owner);
        if (named.isEmpty()) {
            return List.of();
        }
        List<Target> result = new ArrayList<>();
        JavaClass declared = named.get();
        for (JavaClass c = declared; c != null; c = c.getRawSuperclass().orElse(null)) {
            Optional<MethodNode> m = method(c, call.name, call.desc);
            if (m.isPresent()) {
                result.add(new Target(c, m.get()));
                break;
            }
        }
        if (call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE) {
            for (JavaClass sub : declared.getAllSubclasses()) {
                method(sub, call.name, call.desc).ifPresent(m -> result.add(new Target(sub, m)));
            }
        }
        return result;
    }

    private Optional<MethodNode> method(JavaClass c, String name, String desc) {
        return Bytecode.of(index, c).flatMap(bc -> bc.method(name, desc))
                .filter(m -> (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0);
    }

    /** The class an instruction names, as ArchUnit imported it with the calling class (a stub has no bytecode). */
    private Optional<JavaClass> classNamed(JavaClass from, String internalName) {
        String name = internalName.replace('/', '.');
        if (from.getName().equals(name)) {
            return Optional.of(from);
        }
        Optional<JavaClass> known = classes.get(name);
        if (known != null) {
            return known;
        }
        Optional<JavaClass> found = find(from, name);
        found.ifPresent(c -> classes.put(name, found)); // not found from here: maybe from another class
        return found;
    }

    private Optional<JavaClass> find(JavaClass from, String name) {
        return Calls.of(index, from).owners().stream().filter(c -> c.getName().equals(name) && c.getSource().isPresent()).findFirst();
    }
}
