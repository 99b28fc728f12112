package dev.archgov.cli;

import dev.archgov.engine.contract.AnalysisOverride;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --classes}, {@code --classpath}, {@code --sources}: the analysed paths given on the command line by a build that
 * knows them (a Gradle task, a CI step, the Maven plugin), replacing the contract's {@code analyze} entries. Each option
 * repeats and takes path lists too ({@code a:b} on Unix, {@code a;b} on Windows), so a build's printed classpath goes in
 * as it is.
 */
final class AnalysisOptions {
    @Option(names = "--classes", paramLabel = "PATHS", description = "Analyse these class directories and jars instead of the contract's "
            + "analyze.classes (repeatable; a path list is split on the path separator, ':' on Unix).")
    List<String> classes = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATHS", description = "The target's dependencies (jars, directories) instead of the "
            + "contract's analyze.classpath (repeatable; a path list is split on the path separator, ':' on Unix).")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--sources", paramLabel = "PATHS", description = "Source roots instead of the contract's analyze.sources "
            + "(repeatable; a path list is split on the path separator, ':' on Unix).")
    List<String> sources = new ArrayList<>();

    AnalysisOverride override() {
        return new AnalysisOverride(paths(classes), paths(classpath), paths(sources), "command line");
    }

    private static List<Path> paths(List<String> values) {
        List<Path> result = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    result.add(Path.of(part.strip()));
                }
            }
        }
        return result;
    }
}
