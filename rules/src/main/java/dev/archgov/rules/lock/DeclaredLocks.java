package dev.archgov.rules.lock;

import dev.archgov.engine.contract.Params;
import dev.archgov.spi.Globs;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The escape hatch for lock wrappers the method summaries cannot see (reflection, generated code, a lock client in a
 * library the analysis does not read): the contract names them ({@code acquires}, {@code releases}: {@code Type.method}
 * globs) and a call of one counts as the application's lock wrapper taking or releasing a lock.
 */
record DeclaredLocks(List<Globs.Glob> acquires, List<Globs.Glob> releases) {
    static final String ACQUIRES_DOC = "methods (Type.method globs) that take a lock, for wrappers the summaries cannot see "
            + "(reflection, generated code); tryLock-style methods too";
    static final String RELEASES_DOC = "methods (Type.method globs) that release a lock taken by an 'acquires' method";

    static DeclaredLocks of(Params params) {
        return new DeclaredLocks(params.strings("acquires").stream().map(Globs::compile).toList(),
                params.strings("releases").stream().map(Globs::compile).toList());
    }

    boolean isEmpty() {
        return acquires.isEmpty() && releases.isEmpty();
    }

    /** The declared effects of one call. */
    Set<String> of(MethodInsnNode call) {
        if (isEmpty()) {
            return Set.of();
        }
        String name = Type.getObjectType(call.owner).getClassName() + "." + call.name;
        Set<String> effects = new TreeSet<>();
        if (acquires.stream().anyMatch(g -> g.matches(name))) {
            effects.add(LockSummaries.ACQUIRE);
        }
        if (releases.stream().anyMatch(g -> g.matches(name))) {
            effects.add(LockSummaries.RELEASE);
        }
        return effects;
    }

    /** What a wrapper call does: its summary, and what the contract declares of it (a declaration wins). */
    Set<String> effects(Summaries summaries, MethodSite site, int call) {
        Set<String> declared = of((MethodInsnNode) site.flow().insn(call));
        return declared.isEmpty() ? summaries.ofCall(site, call) : declared;
    }
}
