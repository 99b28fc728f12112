package dev.archgov.engine.imports;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.spi.Packages;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;

/** The one entry point for importing classes: once per run, with the target's classpath. */
public final class ClassImport {
    private ClassImport() {
    }

    public static ImportedClasses importClasses(Analyze analyze) {
        analyze.classes().forEach(e -> requireReadable(e, true));
        analyze.classpath().forEach(e -> requireReadable(e, false));
        List<Path> views = new ArrayList<>();
        boolean imported = false;
        try {
            List<Path> inputs = new ArrayList<>();
            List<ImportOption> options = new ArrayList<>();
            for (PathEntry e : analyze.classes()) {
                inputs.add(e.path());
                if (MultiReleaseJars.isMultiRelease(e.path())) { // analysed as the target's release sees it
                    MultiReleaseJars.View view = MultiReleaseJars.view(e.path(), analyze.release());
                    views.add(view.overlay());
                    inputs.add(view.overlay());
                    options.add(MultiReleaseJars.skipping(e.path(), view.replaced()));
                }
            }
            ImportedClasses result = importInputs(analyze, inputs, options, views);
            imported = true;
            return result; // the views stay until the run closes it: rules read bytecode from them
        } catch (IOException e) {
            throw new AnalysisInputException("cannot read a multi-release jar of " + analyze.classes().stream().map(PathEntry::written).toList()
                    + ": " + e.getMessage());
        } finally {
            if (!imported) {
                views.forEach(MultiReleaseJars::delete);
            }
        }
    }

    /**
     * Imports only the named classes of the inventory (an incremental run: the classes a change reaches and those
     * whose code their summaries take in), with the same options as a full import; everything else the code names
     * resolves from the classpath as usual, the analysed classes first. Empty when one of them did not import (the full
     * run then reports it properly).
     */
    public static Optional<ImportedClasses> importSubset(Analyze analyze, ClassInventory inventory, Set<String> names) {
        Set<Path> files = new HashSet<>();
        Set<String> jarEntries = new HashSet<>();
        Set<Path> inputs = new LinkedHashSet<>();
        for (String name : names) {
            ClassInventory.ClassFile f = inventory.classes().get(name);
            if (f == null) {
                continue;
            }
            inputs.add(f.input());
            if (Files.isDirectory(f.input())) {
                files.add(f.input().resolve(f.entry()).toAbsolutePath().normalize());
            } else {
                jarEntries.add(f.input().toAbsolutePath().normalize() + "!/" + f.entry());
            }
        }
        ImportOption selected = location -> {
            URI uri = location.asURI();
            String text = uri.toString();
            if (!text.endsWith(".class")) {
                return true; // a jar or directory the importer is about to look into
            }
            if ("jar".equals(uri.getScheme())) {
                int bang = text.indexOf("!/");
                return bang > 0 && jarEntries.contains(Path.of(URI.create(text.substring(4, bang))).toAbsolutePath().normalize()
                        + "!/" + text.substring(bang + 2));
            }
            return "file".equals(uri.getScheme()) && files.contains(Path.of(uri).toAbsolutePath().normalize());
        };
        // the analysed classes not imported resolve like the classpath's, before it (an imported class shadows a
        // classpath one of the same name in a full import too)
        List<Path> resolvable = new ArrayList<>(analyze.classes().stream().map(e -> e.path().toAbsolutePath().normalize()).toList());
        analyze.classpath().forEach(e -> resolvable.add(e.path()));
        List<Path> classpath = Classpaths.distinct(resolvable);
        long start = System.nanoTime();
        JavaClasses imported;
        try {
            // a class directory's files one by one (ArchUnit would walk the whole directory for the option to pick
            // them), a jar's entries through the option
            List<Location> locations = new ArrayList<>();
            files.stream().sorted().map(Location::of).forEach(locations::add);
            inputs.stream().filter(i -> !Files.isDirectory(i)).map(ClassImport::location).forEach(locations::add);
            imported = importWith(analyze, locations, classpath, List.of(selected));
        } catch (RuntimeException | AssertionError e) {
            return Optional.empty();
        }
        for (String name : names) {
            if (inventory.classes().containsKey(name) && !name.endsWith("package-info") && !imported.contain(name)) {
                return Optional.empty();
            }
        }
        JavaClasses classes = analyze.exclude().isEmpty() ? imported : imported.that(not(Packages.resideInAny(analyze.exclude())));
        long packages = classes.stream().map(JavaClass::getPackageName).distinct().count();
        return Optional.of(new ImportedClasses(classes, classes.size(), (int) packages, (System.nanoTime() - start) / 1_000_000));
    }

    private static ImportedClasses importInputs(Analyze analyze, List<Path> inputs, List<ImportOption> options, List<Path> views) {
        List<Location> locations = inputs.stream().map(ClassImport::location).toList();
        List<Path> classpath = Classpaths.distinct(analyze.classpath().stream().map(PathEntry::path).toList());
        long start = System.nanoTime();
        JavaClasses imported;
        try {
            imported = importWith(analyze, locations, classpath, options);
        } catch (RuntimeException | AssertionError e) { // a class that reads but contradicts itself (a member its code names, a bad descriptor)
            ClassFileCheck.requireAllReadable(inputs, analyze); // a damaged file is named as such first
            throw new AnalysisInputException("the class import failed on inconsistent class files in "
                    + analyze.classes().stream().map(PathEntry::written).toList() + ": " + ClassFileCheck.culprit(inputs, e.getMessage())
                    + " (rebuild the classes)");
        }
        List<String> unreadable = ClassFileCheck.requireAllImported(inputs, analyze, imported);
        JavaClasses classes = analyze.exclude().isEmpty()
                ? imported
                : imported.that(not(Packages.resideInAny(analyze.exclude())));
        if (classes.isEmpty()) {
            throw new AnalysisInputException("no classes left to analyse in " + analyze.classes().stream().map(PathEntry::written).toList()
                    + (analyze.includeTests() ? "" : " after leaving out test classes (analyze.includeTests: true includes them)")
                    + (analyze.exclude().isEmpty() ? "" : " and the analyze.exclude patterns"));
        }
        long packages = classes.stream().map(JavaClass::getPackageName).distinct().count();
        return new ImportedClasses(classes, classes.size(), (int) packages, (System.nanoTime() - start) / 1_000_000, List.copyOf(views),
                unreadable, ClassFileCheck.duplicates(analyze));
    }

    private static JavaClasses importWith(Analyze analyze, List<Location> locations, List<Path> classpath, List<ImportOption> options) {
        return ArchConfiguration.withThreadLocalScope(config -> {
            config.setResolveMissingDependenciesFromClassPath(true);
            config.setClassResolver(TargetClasspathResolver.class);
            config.setClassResolverArguments(TargetClasspathResolver.arguments(classpath));
            ClassFileImporter importer = new ClassFileImporter();
            if (!analyze.includeTests()) {
                importer = importer.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
            }
            for (ImportOption option : options) {
                importer = importer.withImportOption(option);
            }
            return importer.importLocations(locations);
        });
    }

    /** A class directory as a file location, a jar as a jar location (ArchUnit reads a jar path as a plain file). */
    private static Location location(Path path) {
        if (Files.isDirectory(path)) {
            return Location.of(path);
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            return Location.of(jar);
        } catch (IOException e) {
            throw new AnalysisInputException(path + ": not a readable jar (" + e.getMessage() + ")");
        }
    }

    /**
     * Every jar must be readable, and what is to be analysed must hold class files: an empty or corrupt input would
     * otherwise pass every rule silently.
     */
    private static void requireReadable(PathEntry entry, boolean analysed) {
        Path path = entry.path();
        if (!Files.isDirectory(path)) {
            requireJar(path, entry, analysed);
            return;
        }
        List<Path> jars = TargetClasspathResolver.expand(path).stream().filter(p -> !p.equals(path)).toList();
        jars.forEach(jar -> requireJar(jar, entry, false));
        if (analysed && jars.isEmpty()) {
            try (Stream<Path> files = Files.walk(path)) {
                if (files.noneMatch(p -> p.toString().endsWith(".class"))) {
                    throw new AnalysisInputException(entry.written() + ": contains no .class files (" + path + "); build the project first");
                }
            } catch (IOException e) {
                throw new AnalysisInputException(entry.written() + ": cannot be read: " + e.getMessage());
            }
        }
    }

    private static void requireJar(Path jar, PathEntry entry, boolean mustHoldClasses) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (mustHoldClasses && file.stream().noneMatch(e -> e.getName().endsWith(".class"))) {
                throw new AnalysisInputException(entry.written() + ": the jar holds no .class files (" + jar + ")");
            }
        } catch (IOException e) {
            throw new AnalysisInputException(entry.written() + ": " + jar.getFileName() + " is not a readable jar (" + e.getMessage() + ")");
        }
    }
}
