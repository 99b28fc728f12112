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
 * @param build        {@code maven: true} or {@code gradle: true}: the target's own build is asked for its modules'
 *                     class directories (when {@code classes} is empty) and their compile classpath, added to
 *                     {@code classpath} ({@link BuildTool#NONE}: no build is asked)
 * @param config       configuration files and directories (searched recursively) the configuration checkpoints read:
 *                     Spring {@code application*} files, Kubernetes, Istio and Jaeger manifests
 */
public record Analyze(List<PathEntry> classes, List<PathEntry> classpath, List<PathEntry> sources,
                      List<String> exclude, boolean includeTests, Optional<Integer> release, boolean warnUnreadable, BuildTool build,
                      List<PathEntry> config) {

    /** The build tool asked for the classpath. */
    public enum BuildTool { NONE, MAVEN, GRADLE }

    public Analyze(List<PathEntry> classes, List<PathEntry> classpath, List<PathEntry> sources, List<String> exclude, boolean includeTests) {
        this(classes, classpath, sources, exclude, includeTests, Optional.empty(), false, BuildTool.NONE, List.of());
    }

    public Analyze(List<PathEntry> classes, List<PathEntry> classpath, List<PathEntry> sources, List<String> exclude, boolean includeTests,
                   Optional<Integer> release, boolean warnUnreadable) {
        this(classes, classpath, sources, exclude, includeTests, release, warnUnreadable, BuildTool.NONE, List.of());
    }

    public Analyze(List<PathEntry> classes, List<PathEntry> classpath, List<PathEntry> sources, List<String> exclude, boolean includeTests,
                   Optional<Integer> release, boolean warnUnreadable, BuildTool build) {
        this(classes, classpath, sources, exclude, includeTests, release, warnUnreadable, build, List.of());
    }

    /** The same analysis with these classes and classpath (the build's answer). */
    public Analyze withPaths(List<PathEntry> newClasses, List<PathEntry> newClasspath) {
        return new Analyze(newClasses, newClasspath, sources, exclude, includeTests, release, warnUnreadable, build, config);
    }

    public static Analyze empty() {
        return new Analyze(List.of(), List.of(), List.of(), List.of(), false);
    }
}
