package dev.archgov.spi.flow;

import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Set;

/** Accepts method call instructions, e.g. by owner (internal name), name and descriptor. */
@FunctionalInterface
public interface CallMatcher {
    boolean matches(MethodInsnNode call);

    static CallMatcher named(String ownerInternalName, String... names) {
        Set<String> set = Set.of(names);
        return m -> m.owner.equals(ownerInternalName) && set.contains(m.name);
    }

    default CallMatcher or(CallMatcher other) {
        return m -> matches(m) || other.matches(m);
    }
}
