package dev.archgov.engine.contract;

import java.util.List;
import java.util.Optional;

/**
 * A set of classes, as written in rule parameters. Each non-empty criterion must hold (AND); within a
 * criterion any entry may match (OR).
 *
 * @param layers        names of layers from the contract
 * @param packages      package patterns (ArchUnit syntax)
 * @param classes       fully qualified class names; {@code *} within a segment, {@code **} across segments
 * @param annotatedWith annotation type names; meta-annotations count
 * @param assignableTo  type names the class extends or implements (or is)
 * @param nameMatching  a regular expression over the fully qualified class name
 */
public record ClassSelector(List<String> layers, List<String> packages, List<String> classes,
                            List<String> annotatedWith, List<String> assignableTo, Optional<String> nameMatching) {

    public static final List<String> KEYS = List.of("layers", "packages", "classes", "annotatedWith", "assignableTo", "nameMatching");

    public boolean isEmpty() {
        return layers.isEmpty() && packages.isEmpty() && classes.isEmpty() && annotatedWith.isEmpty()
                && assignableTo.isEmpty() && nameMatching.isEmpty();
    }
}
