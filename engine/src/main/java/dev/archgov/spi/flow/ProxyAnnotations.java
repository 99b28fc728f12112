package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import dev.archgov.spi.RunIndex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Spring's lookup of proxy annotations ({@code @Transactional}, {@code @Async}, {@code @Cacheable} …) by name, so it
 * holds without the target's jars: on the method (meta-annotations count), else on its class, a superclass or an
 * interface for the non-private, non-static methods a proxy intercepts, else on the same method of a supertype.
 */
public final class ProxyAnnotations {
    private ProxyAnnotations() {
    }

    /** The annotation found and whether it sits on the method itself. */
    public record Found(Optional<JavaAnnotation<?>> annotation, boolean methodLevel) {
        public static final Found NONE = new Found(Optional.empty(), false);

        public boolean present() {
            return annotation.isPresent();
        }

        /** An attribute the annotation sets explicitly (defaults of stub annotations are unknown). */
        public Optional<Object> attribute(String name) {
            return annotation.flatMap(a -> a.get(name));
        }
    }

    private static final RunIndex.Key<Set<String>> NAMES = RunIndex.Key.named("annotation names");

    /**
     * A cheap test before resolving method by method: whether the class, its supertypes or their methods carry one of
     * these annotations (directly or as a meta-annotation of an annotation present). The names found on each type are
     * computed once per run and shared by every rule that asks.
     */
    public static boolean mayHave(RunIndex index, JavaClass javaClass, List<String> names) {
        Set<String> present = inHierarchy(index, javaClass);
        for (String n : names) {
            if (present.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** The annotation names of the class and every supertype ({@link #typesOf}), built from its direct supertypes' sets. */
    private static Set<String> inHierarchy(RunIndex index, JavaClass type) {
        return index.of(IN_HIERARCHY, type, t -> {
            Set<String> own = index.of(NAMES, t, ProxyAnnotations::annotationNames);
            List<Set<String>> inherited = new ArrayList<>();
            t.getRawSuperclass().ifPresent(s -> inherited.add(inHierarchy(index, s)));
            t.getRawInterfaces().forEach(i -> inherited.add(inHierarchy(index, i)));
            inherited.removeIf(Set::isEmpty);
            if (inherited.isEmpty()) {
                return own;
            }
            Set<String> all = new HashSet<>(own);
            inherited.forEach(all::addAll);
            return all;
        });
    }

    private static final RunIndex.Key<Set<String>> IN_HIERARCHY = RunIndex.Key.named("annotation names in the hierarchy");

    private static Set<String> annotationNames(JavaClass type) {
        Set<String> names = new HashSet<>();
        type.getAnnotations().forEach(a -> collect(a.getRawType(), names, 0));
        type.getMethods().forEach(m -> m.getAnnotations().forEach(a -> collect(a.getRawType(), names, 0)));
        return names.isEmpty() ? Set.of() : names;
    }

    private static void collect(JavaClass annotationType, Set<String> names, int depth) {
        if (!names.add(annotationType.getName()) || depth > 3 || annotationType.getName().startsWith("java.")) {
            return;
        }
        annotationType.getAnnotations().forEach(a -> collect(a.getRawType(), names, depth + 1));
    }

    public static Found find(JavaMethod method, List<String> names) {
        for (String name : names) {
            Optional<JavaAnnotation<JavaMethod>> onMethod = on(method, name);
            if (onMethod.isPresent()) {
                return new Found(Optional.of(onMethod.get()), true);
            }
        }
        if (method.getModifiers().contains(JavaModifier.PRIVATE) || method.getModifiers().contains(JavaModifier.STATIC)) {
            return Found.NONE;
        }
        for (JavaClass type : typesOf(method.getOwner())) {
            for (String name : names) {
                Optional<? extends JavaAnnotation<?>> onType = type.getAnnotations().stream()
                        .filter(a -> a.getRawType().getName().equals(name)).findFirst()
                        .or(() -> type.getAnnotations().stream().filter(a -> a.getRawType().isMetaAnnotatedWith(name)).findFirst());
                if (onType.isPresent()) {
                    return new Found(Optional.of(onType.get()), false);
                }
            }
            for (JavaMethod declared : type.getMethods()) {
                if (type != method.getOwner() && declared.getName().equals(method.getName())
                        && declared.getRawParameterTypes().equals(method.getRawParameterTypes())) {
                    for (String name : names) {
                        Optional<JavaAnnotation<JavaMethod>> a = on(declared, name);
                        if (a.isPresent()) {
                            return new Found(Optional.of(a.get()), true);
                        }
                    }
                }
            }
        }
        return Found.NONE;
    }

    private static Optional<JavaAnnotation<JavaMethod>> on(JavaMethod method, String name) {
        return method.getAnnotations().stream().filter(a -> a.getRawType().getName().equals(name)).findFirst()
                .or(() -> method.getAnnotations().stream().filter(a -> a.getRawType().isMetaAnnotatedWith(name)).findFirst());
    }

    public static List<JavaClass> typesOf(JavaClass owner) {
        List<JavaClass> types = new ArrayList<>(owner.getClassHierarchy());
        types.addAll(owner.getAllRawInterfaces());
        return types;
    }
}
