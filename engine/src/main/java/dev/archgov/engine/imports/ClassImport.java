package dev.archgov.engine.imports;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.PathEntry;

import java.nio.file.Path;
import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

/** The one entry point for importing classes: once per run, with the target's classpath. */
public final class ClassImport {
    private ClassImport() {
    }

    public static ImportedClasses importClasses(Analyze analyze) {
        List<Path> locations = analyze.classes().stream().map(PathEntry::path).toList();
        List<Path> classpath = analyze.classpath().stream().map(PathEntry::path).toList();
        long start = System.nanoTime();
        JavaClasses imported = ArchConfiguration.withThreadLocalScope(config -> {
            config.setResolveMissingDependenciesFromClassPath(true);
            config.setClassResolver(TargetClasspathResolver.class);
            config.setClassResolverArguments(TargetClasspathResolver.arguments(classpath));
            ClassFileImporter importer = new ClassFileImporter();
            if (!analyze.includeTests()) {
                importer = importer.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
            }
            return importer.importPaths(locations);
        });
        JavaClasses classes = analyze.exclude().isEmpty()
                ? imported
                : imported.that(not(resideInAnyPackage(analyze.exclude().toArray(String[]::new))));
        long packages = classes.stream().map(JavaClass::getPackageName).distinct().count();
        return new ImportedClasses(classes, classes.size(), (int) packages, (System.nanoTime() - start) / 1_000_000);
    }
}
