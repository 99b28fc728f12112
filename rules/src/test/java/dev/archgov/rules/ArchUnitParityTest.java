package dev.archgov.rules;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.ViolationHandler;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceDependency;
import com.tngtech.archunit.library.modules.ModuleDependency;
import dev.archgov.engine.Archgov;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.library.modules.syntax.AllowedModuleDependencies.allow;
import static com.tngtech.archunit.library.modules.syntax.ModuleDependencyScope.consideringOnlyDependenciesBetweenModules;
import static com.tngtech.archunit.library.modules.syntax.ModuleRuleDefinition.modules;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "ArchUnit → archgov" table, row by row: each ArchUnit rule, written against ArchUnit's API, and its
 * archgov contract rule run over the same compiled fixtures (dev.archgov.rules.fixtures: web, service, repo and an
 * unlayered tools package) and report the same violations — the same class and line for a dependency, the same class
 * for a class-level condition. A row whose two sides disagree fails here, not in a user's migration.
 */
class ArchUnitParityTest {
    private static final String FIXTURES = "dev.archgov.rules.fixtures";
    static JavaClasses classes;

    @TempDir
    Path dir;

    @BeforeAll
    static void importFixtures() {
        classes = new ClassFileImporter().importPackages(FIXTURES);
    }

    @Test
    void noClassesShouldAccessClassesThat() {
        same(noClasses().that().resideInAPackage("..web..").should().accessClassesThat().resideInAPackage("..repo.."), """
                - id: ROW
                  kind: forbidden-dependency
                  params: { from: [{ packages: ["..web.."] }], to: [{ packages: ["..repo.."] }] }
                """);
    }

    @Test
    void noClassesShouldDependOnClassesThat() {
        same(noClasses().that().resideInAPackage("..web..").should().dependOnClassesThat().resideInAPackage("..repo.."), """
                - id: ROW
                  kind: forbidden-dependency
                  params: { from: [{ packages: ["..web.."] }], to: [{ packages: ["..repo.."] }], mode: any }
                """);
    }

    @Test
    void noClassesShouldCallConstructorWhere() {
        same(noClasses().that().resideInAPackage("..web..").should().callConstructorWhere(JavaCall.Predicates.target(
                HasOwner.Predicates.With.owner(JavaClass.Predicates.resideInAPackage("..repo..")))), """
                - id: ROW
                  kind: forbidden-dependency
                  params: { from: [{ packages: ["..web.."] }], to: [{ packages: ["..repo.."] }], mode: construct }
                """);
    }

    @Test
    void layeredArchitectureMayOnlyAccessLayers() {
        same(layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy("..web..").layer("service").definedBy("..service..").layer("repo").definedBy("..repo..")
                .whereLayer("web").mayOnlyAccessLayers("service").whereLayer("service").mayOnlyAccessLayers("repo")
                .whereLayer("repo").mayNotAccessAnyLayer(), """
                - id: ROW
                  kind: layers
                  params: { order: [web, service, repo], strict: true }
                """);
    }

    @Test
    void layeredArchitectureIgnoringADependency() {
        same(layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy("..web..").layer("service").definedBy("..service..").layer("repo").definedBy("..repo..")
                .whereLayer("web").mayOnlyAccessLayers("service").whereLayer("service").mayOnlyAccessLayers("repo")
                .whereLayer("repo").mayNotAccessAnyLayer()
                .ignoreDependency(DescribedPredicate.describe("ItemController", c -> c.getSimpleName().equals("ItemController")),
                        DescribedPredicate.describe("repo", c -> c.getPackageName().endsWith(".repo"))), """
                - id: ROW
                  kind: layers
                  params:
                    order: [web, service, repo]
                    strict: true
                    ignore: ["dev.archgov.rules.fixtures.web.ItemController -> dev.archgov.rules.fixtures.repo.*"]
                """);
    }

    @Test
    void layeredArchitectureMayOnlyBeAccessedByLayers() {
        same(layeredArchitecture().consideringAllDependencies()
                .layer("web").definedBy("..web..").layer("service").definedBy("..service..").layer("repo").definedBy("..repo..")
                .whereLayer("service").mayOnlyBeAccessedByLayers("web").whereLayer("repo").mayOnlyBeAccessedByLayers("service"), """
                - id: ROW
                  kind: layers
                  params: { order: [web, service, repo], strict: true, callers: all }
                """);
    }

    @Test
    void classesShouldHaveSimpleNameStartingWith() {
        same(classes().that().resideInAPackage("..service..").should().haveSimpleNameStartingWith("Item"), """
                - id: ROW
                  kind: naming-and-annotation
                  params: { classes: { packages: ["..service.."] }, nameStartsWith: Item }
                """);
    }

    @Test
    void classesShouldOnlyBeAccessedByClassesThat() {
        same(classes().that().resideInAPackage("..repo..").should().onlyBeAccessed().byClassesThat()
                .resideInAnyPackage("..service..", "..repo.."), """
                - id: ROW
                  kind: only-access
                  params: { classes: [{ packages: ["..repo.."] }], usedOnlyBy: [{ packages: ["..service..", "..repo.."] }] }
                """);
    }

    @Test
    void classesShouldOnlyAccessClassesThat() {
        same(classes().that().resideInAPackage("..web..").should().onlyAccessClassesThat()
                .resideInAnyPackage("..web..", "..service..", "java.."), """
                - id: ROW
                  kind: only-access
                  params: { classes: [{ packages: ["..web.."] }], useOnly: [{ packages: ["..web..", "..service..", "java.."] }] }
                """);
    }

    @Test
    void slicesShouldNotDependOnEachOther() {
        same(slices().matching(FIXTURES + ".(*)..").should().notDependOnEachOther(), """
                - id: ROW
                  kind: slices-independent
                  params: { slices: "dev.archgov.rules.fixtures.(*).." }
                """);
    }

    @Test
    void generalCodingRules() {
        same(CompositeArchRule.of(GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS)
                .and(GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS)
                .and(GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION), """
                - id: ROW
                  kind: general-coding
                  params: { forbid: [standard-streams, generic-exceptions, field-injection] }
                """);
    }

    @Test
    void noClassesShouldAccessFieldOrCallMethodWhere() {
        same(noClasses().should().accessField(System.class, "out")
                .orShould().callMethodWhere(target(name("printStackTrace")).and(target(owner(assignableTo(Throwable.class))))), """
                - id: ROW
                  kind: forbidden-dependency
                  params: { from: [{ packages: ["..fixtures.."] }], members: [java.lang.System.out, java.lang.Throwable.printStackTrace] }
                """);
    }

    @Test
    void noClassesShouldAccessClassesOrAMember() {
        same(noClasses().that().resideInAPackage("..web..").should().accessClassesThat().resideInAPackage("..repo..")
                .orShould().accessField(System.class, "out"), """
                - id: ROW
                  kind: forbidden-dependency
                  params: { from: [{ packages: ["..web.."] }], to: [{ packages: ["..repo.."] }], members: [java.lang.System.out] }
                """);
    }

    @Test
    void fieldsShouldBePrivate() {
        same(fields().that().areDeclaredInClassesThat().resideInAPackage("..fixtures..").should().bePrivate(), """
                - id: ROW
                  kind: members
                  params: { classes: [{ packages: ["..fixtures.."] }], members: fields, mustBe: [private] }
                """);
    }

    @Test
    void methodsShouldNotBeAnnotatedWith() {
        same(methods().that().areDeclaredInClassesThat().resideInAPackage("..tools..").should().notBeAnnotatedWith(Deprecated.class), """
                - id: ROW
                  kind: members
                  params: { classes: [{ packages: ["..tools.."] }], members: methods, mustNotBeAnnotatedWith: [java.lang.Deprecated] }
                """);
    }

    @Test
    void methodsShouldNotDeclareThrowableOfType() {
        same(methods().that().areDeclaredInClassesThat().resideInAPackage("..tools..").should().notDeclareThrowableOfType(Exception.class), """
                - id: ROW
                  kind: members
                  params: { classes: [{ packages: ["..tools.."] }], members: methods, mustNotThrow: [java.lang.Exception] }
                """);
    }

    @Test
    void methodsShouldHaveRawReturnType() {
        same(methods().that().areDeclaredInClassesThat().resideInAPackage("..service..").should().haveRawReturnType(String.class), """
                - id: ROW
                  kind: members
                  params: { classes: [{ packages: ["..service.."] }], members: methods, mustReturn: [java.lang.String] }
                """);
    }

    @Test
    void fieldsThatHaveRawTypeShouldBeFinal() {
        same(fields().that().haveRawType(String.class).should().beFinal(), """
                - id: ROW
                  kind: members
                  params: { members: fields, ofType: [java.lang.String], mustBe: [final] }
                """);
    }

    @Test
    void methodsThatDeclareThrowableOfTypeShouldBePrivate() {
        same(methods().that().declareThrowableOfType(Exception.class).should().bePrivate(), """
                - id: ROW
                  kind: members
                  params: { members: methods, throwing: [java.lang.Exception], mustBe: [private] }
                """);
    }

    @Test
    void modulesShouldRespectTheirAllowedDependencies() {
        same(modules().definedByPackages(FIXTURES + ".(*)..").should().respectTheirAllowedDependencies(
                allow().fromModule("web").toModules("service").fromModule("service").toModules("repo"), consideringOnlyDependenciesBetweenModules()), """
                - id: ROW
                  kind: modules
                  params: { packages: "dev.archgov.rules.fixtures.(*)..", allowed: ["web -> service", "service -> repo"] }
                """);
    }

    @Test
    void modulesShouldOnlyDependOnEachOtherThroughClassesThat() {
        same(modules().definedByPackages(FIXTURES + ".(*)..").should().onlyDependOnEachOtherThroughClassesThat()
                .haveSimpleNameEndingWith("Service"), """
                - id: ROW
                  kind: modules
                  params: { packages: "dev.archgov.rules.fixtures.(*)..", exposed: [{ classes: ["**.*Service"] }] }
                """);
    }

    @Test
    void onionArchitecture() {
        JavaClasses onion = new ClassFileImporter().importPackages("dev.archgov.rules.onion");
        Set<String> expected = violations(Architectures.onionArchitecture().withOptionalLayers(true)
                .domainModels("..onion.domain.model..").domainServices("..onion.domain.service..")
                .applicationServices("..onion.application..")
                .adapter("persistence", "..onion.adapter.persistence..").adapter("rest", "..onion.adapter.rest..").evaluate(onion));
        Set<String> actual = archgov("""
                - id: ROW
                  kind: onion
                  params:
                    domainModels: ["..onion.domain.model.."]
                    domainServices: ["..onion.domain.service.."]
                    applicationServices: ["..onion.application.."]
                    adapters: ["persistence: ..onion.adapter.persistence..", "rest: ..onion.adapter.rest.."]
                """, "dev.archgov.rules.onion");
        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    /** hexagonal: ArchUnit's onion with the whole domain as its domain models and the application as its application services. */
    @Test
    void hexagonalArchitectureIsTheOnionInPortsAndAdaptersWords() {
        JavaClasses onion = new ClassFileImporter().importPackages("dev.archgov.rules.onion");
        Set<String> expected = violations(Architectures.onionArchitecture().withOptionalLayers(true)
                .domainModels("..onion.domain..").applicationServices("..onion.application..")
                .adapter("persistence", "..onion.adapter.persistence..").adapter("rest", "..onion.adapter.rest..").evaluate(onion));
        Set<String> actual = archgov("""
                - id: ROW
                  kind: hexagonal
                  params:
                    domain: ["..onion.domain.."]
                    application: ["..onion.application.."]
                    adapters: ["persistence: ..onion.adapter.persistence..", "rest: ..onion.adapter.rest.."]
                """, "dev.archgov.rules.onion");
        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * ignore pairs on the kinds ArchUnit's ClassesShould rules have no ignoreDependency for: the archgov rule reports
     * ArchUnit's violations less exactly those whose origin is the ignored class (AdminController), in each mode.
     */
    @Test
    void ignorePairsLeaveOutExactlyTheirDependencies() {
        String admin = FIXTURES + ".web.AdminController";
        record Row(ArchRule archUnit, String archgov) {
        }
        List<Row> rows = List.of(
                new Row(noClasses().that().resideInAPackage("..web..").should().accessClassesThat().resideInAPackage("..repo.."),
                        "kind: forbidden-dependency\n  params: { from: [{ packages: [\"..web..\"] }], to: [{ packages: [\"..repo..\"] }], ignore: [\"**.AdminController -> **\"] }"),
                new Row(noClasses().that().resideInAPackage("..web..").should().dependOnClassesThat().resideInAPackage("..repo.."),
                        "kind: forbidden-dependency\n  params: { from: [{ packages: [\"..web..\"] }], to: [{ packages: [\"..repo..\"] }], mode: any, ignore: [\"**.AdminController -> **\"] }"),
                new Row(classes().that().resideInAPackage("..web..").should().onlyAccessClassesThat().resideInAnyPackage("..web..", "..service..", "java.."),
                        "kind: only-access\n  params: { classes: [{ packages: [\"..web..\"] }], useOnly: [{ packages: [\"..web..\", \"..service..\", \"java..\"] }], ignore: [\"**.AdminController -> **\"] }"),
                new Row(classes().that().resideInAPackage("..web..").should().onlyDependOnClassesThat().resideInAnyPackage("..web..", "..service..", "java.."),
                        "kind: only-access\n  params: { classes: [{ packages: [\"..web..\"] }], useOnly: [{ packages: [\"..web..\", \"..service..\", \"java..\"] }], mode: any, ignore: [\"**.AdminController -> **\"] }"),
                new Row(classes().that().resideInAPackage("..repo..").should().onlyBeAccessed().byClassesThat().resideInAnyPackage("..service..", "..repo.."),
                        "kind: only-access\n  params: { classes: [{ packages: [\"..repo..\"] }], usedOnlyBy: [{ packages: [\"..service..\", \"..repo..\"] }], ignore: [\"**.AdminController -> **\"] }"),
                new Row(classes().that().resideInAPackage("..repo..").should().onlyHaveDependentClassesThat().resideInAnyPackage("..service..", "..repo.."),
                        "kind: only-access\n  params: { classes: [{ packages: [\"..repo..\"] }], usedOnlyBy: [{ packages: [\"..service..\", \"..repo..\"] }], mode: any, ignore: [\"**.AdminController -> **\"] }"));
        for (Row row : rows) {
            Set<String> all = violations(row.archUnit().evaluate(classes));
            Set<String> expected = new TreeSet<>(all);
            expected.removeIf(v -> v.startsWith(admin + ":") || v.equals(admin));
            assertThat(expected).as(row.archgov()).isNotEmpty().isNotEqualTo(all); // the pair leaves something out, not everything
            assertThat(archgov("- id: ROW\n  " + row.archgov() + "\n")).as(row.archgov()).isEqualTo(expected);
        }
    }

    /** Both sides find violations, and the same ones (a row that finds nothing on either side proves nothing). */
    private void same(ArchRule archUnit, String archgovRule) {
        Set<String> expected = violations(archUnit.evaluate(classes));
        Set<String> actual = archgov(archgovRule);
        assertThat(expected).as("the ArchUnit rule finds something in the fixtures").isNotEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    private static Set<String> violations(EvaluationResult result) {
        Set<String> found = new TreeSet<>();
        result.handleViolations((ViolationHandler<Object>) (objects, message) -> {
            for (Object o : objects) {
                if (o instanceof SliceDependency sd) {
                    sd.convertTo(Dependency.class).forEach(d -> found.add(at(d)));
                } else if (o instanceof ModuleDependency<?> md) {
                    md.convertTo(Dependency.class).forEach(d -> found.add(at(d)));
                } else if (o instanceof Dependency d) {
                    found.add(at(d));
                } else if (o instanceof JavaAccess<?> a) {
                    found.add(a.getOriginOwner().getName() + ":" + a.getLineNumber());
                } else if (o instanceof JavaMember m) {
                    int line = m.getSourceCodeLocation().getLineNumber();
                    found.add(line > 0 ? m.getOwner().getName() + ":" + line : m.getOwner().getName());
                } else if (o instanceof JavaClass c) {
                    found.add(c.getName());
                }
            }
        });
        return found;
    }

    /** A dependency at its class and line; one of the class itself (a field type, a supertype: line 0) by its class. */
    private static String at(Dependency d) {
        int line = d.getSourceCodeLocation().getLineNumber();
        String owner = d.getSourceCodeLocation().getSourceClass().getName();
        return line > 0 ? owner + ":" + line : owner;
    }

    private Set<String> archgov(String rule) {
        return archgov(rule, FIXTURES);
    }

    private Set<String> archgov(String rule, String packagePrefix) {
        try {
            Path contract = Files.writeString(dir.resolve("archgov.yaml"), """
                    version: 1
                    name: parity
                    analyze:
                      classes: ["%s"]
                      includeTests: true
                    layers:
                      web: ["..fixtures.web.."]
                      service: ["..fixtures.service.."]
                      repo: ["..fixtures.repo.."]
                    rules:
                    %s""".formatted(Path.of("target/test-classes").toAbsolutePath(), rule.indent(2)));
            Report report = Archgov.check(contract, CheckRunner.Options.defaults());
            Set<String> found = new TreeSet<>();
            for (Finding f : report.findings()) {
                if (f.className().startsWith(packagePrefix)) {
                    // a class-level finding, or one of a field (no line in bytecode: archgov points at its class), by its class
                    boolean field = f.element().startsWith(f.className() + ".") && !f.element().contains("(") && f.target().isEmpty();
                    found.add(f.element().equals(f.className()) || field ? f.className() : f.className() + ":" + f.line());
                }
            }
            return found;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
