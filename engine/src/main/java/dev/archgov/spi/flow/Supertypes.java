package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The names a class is assignable to (itself, its superclasses and all its interfaces), computed once per class
 * per run (in its {@link RunIndex}) and shared by every rule: rules test many classes against several API types, and walking the hierarchy each time
 * dominates their cost on large code bases. Stubs contribute their names too, so known APIs match without jars.
 */
public final class Supertypes {
    private static final RunIndex.Key<Set<String>> NAMES = RunIndex.Key.named("supertypes");

    private Supertypes() {
    }

    public static Set<String> of(RunIndex index, JavaClass javaClass) {
        return index.of(NAMES, javaClass, Supertypes::names);
    }

    private static Set<String> names(JavaClass javaClass) {
        Set<String> names = new HashSet<>();
        javaClass.getClassHierarchy().forEach(c -> names.add(c.getName()));
        javaClass.getAllRawInterfaces().forEach(c -> names.add(c.getName()));
        return Set.copyOf(names);
    }

    public static boolean isAny(RunIndex index, JavaClass javaClass, Collection<String> typeNames) {
        Set<String> names = of(index, javaClass);
        for (String t : typeNames) {
            if (names.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
