package dev.archgov.engine.contract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The analysed paths given from outside the contract, by a build tool that knows them: {@code --classes},
 * {@code --classpath} and {@code --sources} on the command line, or the Maven plugin (each module's output directory,
 * resolved compile classpath and source roots). Each list that is not empty replaces its {@code analyze} entry;
 * exclusions, tests and release stay as the contract says. The contract's hash is unchanged: the rules are the same.
 *
 * @param origin how the paths were given, for messages ({@code --classes}, {@code archgov-maven-plugin})
 */
public record AnalysisOverride(List<Path> classes, List<Path> classpath, List<Path> sources, String origin) {
    public static final AnalysisOverride NONE = new AnalysisOverride(List.of(), List.of(), List.of(), "");

    public AnalysisOverride {
        classes = List.copyOf(classes);
        classpath = List.copyOf(classpath);
        sources = List.copyOf(sources);
    }

    public boolean isEmpty() {
        return classes.isEmpty() && classpath.isEmpty() && sources.isEmpty();
    }

    /**
     * The same paths for a copy of the tree at {@code to} (a commit exported aside, built there): a path below
     * {@code from} moves with the tree, any other (a dependency in the local Maven repository) stays.
     */
    public AnalysisOverride rebased(Path from, Path to) {
        return new AnalysisOverride(rebase(classes, from, to), rebase(classpath, from, to), rebase(sources, from, to), origin);
    }

    private static List<Path> rebase(List<Path> paths, Path from, Path to) {
        Path base = from.toAbsolutePath().normalize();
        return paths.stream().map(p -> p.toAbsolutePath().normalize()).map(p -> p.startsWith(base) ? to.resolve(base.relativize(p)) : p).toList();
    }

    /** The contract analysing these paths (absolute, duplicates dropped) instead of its own where given. */
    public Contract applyTo(Contract c) {
        Analyze a = c.analyze();
        Analyze analyze = new Analyze(classes.isEmpty() ? a.classes() : entries(classes), classpath.isEmpty() ? a.classpath() : entries(classpath),
                sources.isEmpty() ? a.sources() : entries(sources), a.exclude(), a.includeTests(), a.release(), a.warnUnreadable(),
                classpath.isEmpty() ? a.build() : Analyze.BuildTool.NONE, a.config()); // a classpath given from outside is the build's answer already
        return new Contract(c.file(), c.version(), c.name(), c.extendsRefs(), analyze, c.layers(), c.rules(), c.suppressions(), c.scoring(),
                c.gate(), c.hash(), c.files(), c.links());
    }

    private List<PathEntry> entries(List<Path> paths) {
        List<PathEntry> result = new ArrayList<>();
        Set<Path> seen = new HashSet<>(); // a build's classpath runs to hundreds of jars
        for (Path p : paths) {
            Path absolute = p.toAbsolutePath().normalize();
            if (seen.add(absolute)) {
                result.add(new PathEntry(absolute, p.toString(), SourcePos.file(origin)));
            }
        }
        return result;
    }
}
