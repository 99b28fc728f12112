package dev.archgov.spi.flow;

import org.objectweb.asm.tree.MethodInsnNode;

/** Accepts method call instructions, e.g. by owner (internal name), name and descriptor. */
@FunctionalInterface
public interface CallMatcher {
    boolean matches(MethodInsnNode call);

    static CallMatcher named(String ownerInternalName, String... names) {
        java.util.Set<String> set = java.util.Set.of(names);
        return m -> m.owner.equals(ownerInternalName) && set.contains(m.name);
    }

    default CallMatcher or(CallMatcher other) {
        return m -> matches(m) || other.matches(m);
    }
}
