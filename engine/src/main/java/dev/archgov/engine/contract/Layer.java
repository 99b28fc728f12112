package dev.archgov.engine.contract;

import java.util.List;

/** A named layer: the classes residing in any of its package patterns (ArchUnit syntax, e.g. {@code ..web..}). */
public record Layer(String name, List<String> packages, SourcePos pos) {
}
