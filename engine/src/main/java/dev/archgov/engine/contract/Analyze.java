package dev.archgov.engine.contract;

import java.util.List;
import java.util.Optional;

/**
 * What to analyse. Paths are resolved against the contract's directory.
 *
 * @param classes      class directories and jars to analyse
 * @param classpath    the target's dependencies (jars or directories), used only to resolve referenced types
 * @param sources      source roots, used to turn a class into a repository-relative path
 * @param exclude      package patterns whose classes are not analysed
 * @param includeTests whether test classes (e.g. {@code target/test-classes}, {@code *Test}) are analysed
 * @param release      the Java release the target runs on: which versioned entries of a multi-release jar are analysed
 *                     (empty: the highest the jar holds)
 * @param warnUnreadable {@code onUnreadable: warn}: a class file that cannot be read is left out with a warning in
 *                     every format and the run marked incomplete, instead of failing it (exit 3)
 */
public record Analyze(List<PathEntry> classes, List<PathEntry> classpath, List<PathEntry> sources,
                      List<String> exclude, boolean includeTests, Optional<Integer> release, boolean warnUnreadable) {

    public Analyze(List<PathEntry> classes, List<PathEntry> classpath, List<PathEntry> sources, List<String> exclude, boolean includeTests) {
        this(classes, classpath, sources, exclude, includeTests, Optional.empty(), false);
    }

    public static Analyze empty() {
        return new Analyze(List.of(), List.of(), List.of(), List.of(), false);
    }
}
