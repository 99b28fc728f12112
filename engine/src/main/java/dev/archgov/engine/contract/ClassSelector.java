package dev.archgov.engine.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A set of classes, as written in rule parameters: a small boolean language over leaf criteria. Each non-empty
 * criterion must hold (AND); within a criterion any entry may match (OR); {@code anyOf}, {@code allOf} and {@code not}
 * combine whole selectors.
 *
 * @param layers        names of layers from the contract
 * @param packages      package patterns (ArchUnit syntax)
 * @param classes       fully qualified class names; {@code *} within a segment, {@code **} across segments
 * @param annotatedWith annotation type names, fully qualified or simple (a simple name matches the annotation of that
 *                      simple name; one that names several is reported); meta-annotations count
 * @param assignableTo  type names the class extends or implements (or is)
 * @param nameMatching  a regular expression over the fully qualified class name
 * @param kinds         what the type is: {@code class}, {@code interface}, {@code enum}, {@code record},
 *                      {@code annotation}, {@code abstract} (any of them)
 * @param anyOf         selectors of which at least one must match
 * @param allOf         selectors that must all match
 * @param not           a selector that must not match
 * @param dependsOn     globs over the fully qualified names of classes the class depends on (any of them; any
 *                      dependency: a call, a field or parameter type, a supertype, an annotation)
 */
public record ClassSelector(List<String> layers, List<String> packages, List<String> classes,
                            List<String> annotatedWith, List<String> assignableTo, Optional<String> nameMatching,
                            List<String> kinds, List<ClassSelector> anyOf, List<ClassSelector> allOf, Optional<ClassSelector> not,
                            List<String> dependsOn) {

    public static final List<String> KEYS = List.of("layers", "packages", "classes", "annotatedWith", "assignableTo", "nameMatching",
            "kind", "dependsOn", "anyOf", "allOf", "not");
    /** The values of {@code kind}. */
    public static final List<String> KINDS = List.of("class", "interface", "enum", "record", "annotation", "abstract");

    /** A selector of leaf criteria only. */
    public ClassSelector(List<String> layers, List<String> packages, List<String> classes, List<String> annotatedWith,
                         List<String> assignableTo, Optional<String> nameMatching) {
        this(layers, packages, classes, annotatedWith, assignableTo, nameMatching, List.of(), List.of(), List.of(), Optional.empty(), List.of());
    }

    public boolean isEmpty() {
        return layers.isEmpty() && packages.isEmpty() && classes.isEmpty() && annotatedWith.isEmpty()
                && assignableTo.isEmpty() && nameMatching.isEmpty() && kinds.isEmpty() && anyOf.isEmpty() && allOf.isEmpty() && not.isEmpty()
                && dependsOn.isEmpty();
    }

    /** The annotation names given by simple name, here and in nested selectors (each is checked against the analysed code). */
    public List<String> simpleAnnotationNames() {
        List<String> names = new ArrayList<>(annotatedWith.stream().filter(a -> a.indexOf('.') < 0).toList());
        anyOf.forEach(s -> names.addAll(s.simpleAnnotationNames()));
        allOf.forEach(s -> names.addAll(s.simpleAnnotationNames()));
        not.ifPresent(s -> names.addAll(s.simpleAnnotationNames()));
        return names;
    }

    /** Whether it, or a nested selector, uses {@code dependsOn} (which reads the code of the class it is tested on). */
    public boolean usesDependencies() {
        return !dependsOn.isEmpty() || anyOf.stream().anyMatch(ClassSelector::usesDependencies)
                || allOf.stream().anyMatch(ClassSelector::usesDependencies) || not.filter(ClassSelector::usesDependencies).isPresent();
    }
}
