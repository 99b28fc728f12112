package dev.archgov.maven;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.project.MavenProject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The analysed code of some modules as Maven resolved it: their output directories (existing ones), their compile
 * classpaths without the modules' own output (a module another depends on is analysed, not a library), and their
 * compile source roots; each path once, in reactor order. {@code notBuilt}: modules with sources and no classes.
 */
record ReactorCode(List<Path> classes, List<Path> classpath, List<Path> sources, List<String> notBuilt) {

    static ReactorCode of(List<MavenProject> projects) {
        Set<Path> classes = new LinkedHashSet<>();
        Set<Path> sources = new LinkedHashSet<>();
        List<String> notBuilt = new ArrayList<>();
        for (MavenProject p : projects) {
            Path output = Path.of(p.getBuild().getOutputDirectory()).toAbsolutePath().normalize();
            if (Files.isDirectory(output)) {
                classes.add(output);
            } else if (!"pom".equals(p.getPackaging()) && p.getCompileSourceRoots().stream().anyMatch(r -> Files.isDirectory(Path.of(r)))) {
                notBuilt.add(p.getArtifactId()); // sources but no classes: not compiled (yet)
            }
            for (String root : p.getCompileSourceRoots()) {
                Path dir = Path.of(root).toAbsolutePath().normalize();
                if (Files.isDirectory(dir)) {
                    sources.add(dir);
                }
            }
        }
        Set<Path> classpath = new LinkedHashSet<>();
        for (MavenProject p : projects) {
            for (String element : compileClasspath(p)) {
                Path entry = Path.of(element).toAbsolutePath().normalize();
                if (!classes.contains(entry) && Files.exists(entry)) {
                    classpath.add(entry);
                }
            }
        }
        return new ReactorCode(new ArrayList<>(classes), new ArrayList<>(classpath), new ArrayList<>(sources), notBuilt);
    }

    private static List<String> compileClasspath(MavenProject p) {
        try {
            return p.getCompileClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            return List.of(); // a module whose dependencies this build did not resolve: its classes are still analysed
        }
    }
}
