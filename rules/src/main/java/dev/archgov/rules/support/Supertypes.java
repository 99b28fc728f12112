package dev.archgov.rules.support;

import com.tngtech.archunit.core.domain.JavaClass;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The names a class is assignable to (itself, its superclasses and all its interfaces), computed once per class
 * and shared by every rule: rules test many classes against several API types, and walking the hierarchy each time
 * dominates their cost on large code bases. Stubs contribute their names too, so known APIs match without jars.
 */
public final class Supertypes {
    private static final Map<JavaClass, Set<String>> NAMES = Collections.synchronizedMap(new WeakHashMap<>());

    private Supertypes() {
    }

    public static Set<String> of(JavaClass javaClass) {
        Set<String> cached = NAMES.get(javaClass);
        if (cached != null) {
            return cached;
        }
        Set<String> names = new HashSet<>();
        javaClass.getClassHierarchy().forEach(c -> names.add(c.getName()));
        javaClass.getAllRawInterfaces().forEach(c -> names.add(c.getName()));
        Set<String> result = Set.copyOf(names);
        NAMES.put(javaClass, result);
        return result;
    }

    public static boolean isAny(JavaClass javaClass, Collection<String> typeNames) {
        Set<String> names = of(javaClass);
        for (String t : typeNames) {
            if (names.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
