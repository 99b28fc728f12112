package dev.archgov.engine.imports;

import com.tngtech.archunit.core.domain.JavaClasses;

import java.nio.file.Path;
import java.util.List;

/**
 * The analysed classes of one run, imported once, with what the report says about them. Closing it removes the
 * views of multi-release jars, which the rules read bytecode from until the run ends. {@code unreadable}: the class
 * files left out as unreadable ({@code analyze.onUnreadable: warn}), each with why; {@code duplicates}: the second
 * copies of a class name another analysed input holds too (one copy per name is analysed).
 */
public record ImportedClasses(JavaClasses classes, int classCount, int packageCount, long importMillis, List<Path> views,
                              List<String> unreadable, List<String> duplicates) implements AutoCloseable {

    public ImportedClasses(JavaClasses classes, int classCount, int packageCount, long importMillis) {
        this(classes, classCount, packageCount, importMillis, List.of(), List.of(), List.of());
    }

    @Override
    public void close() {
        views.forEach(MultiReleaseJars::delete);
    }
}
