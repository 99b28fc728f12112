package dev.archgov.engine.contract;

import java.util.List;

/**
 * A named layer: the classes residing in any of its package patterns (ArchUnit syntax, e.g. {@code ..web..}) or
 * annotated with any of its annotation types (meta-annotations count; a layer defined by {@code @Controller}).
 */
public record Layer(String name, List<String> packages, List<String> annotatedWith, SourcePos pos) {
    /** A layer defined by packages only. */
    public Layer(String name, List<String> packages, SourcePos pos) {
        this(name, packages, List.of(), pos);
    }
}
