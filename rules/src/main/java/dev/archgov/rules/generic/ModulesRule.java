package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedFunction;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.modules.ArchModule;
import com.tngtech.archunit.library.modules.syntax.AllowedModuleDependencies;
import com.tngtech.archunit.library.modules.syntax.GivenModules;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.tngtech.archunit.library.modules.syntax.ModuleDependencyScope.consideringOnlyDependenciesBetweenModules;
import static com.tngtech.archunit.library.modules.syntax.ModuleRuleDefinition.modules;

/**
 * Modules (ArchUnit's {@code modules()}): defined by package pattern or by an annotated root class, each depending only
 * on the modules it is allowed to, only through the classes the others expose, and without cycles.
 */
@Kind(name = "modules", title = "Modules depend only on what they may, through exposed classes", category = "layering", severity = Severity.MAJOR,
        params = {@Param(name = "packages", type = ParamType.STRING,
                        description = "modules by package: an ArchUnit pattern with capture groups, one module per captured value "
                                + "('com.acme.(*)..'; ArchUnit's definedByPackages)"),
                  @Param(name = "rootsAnnotatedWith", type = ParamType.STRING,
                        description = "modules by annotation: each class annotated with this type (a package-info with @AppModule) "
                                + "roots a module — its package and those below — named by the annotation's 'name', else its package's last part"),
                  @Param(name = "namedAs", type = ParamType.STRING, description = "with packages: module names from the captured parts, "
                        + "'$1', 'Module $1' (default: the parts joined with dots)"),
                  @Param(name = "allowed", type = ParamType.STRING_LIST, description = "'module -> module, module': what each module may "
                        + "depend on; a module not listed may depend on no other (respectTheirAllowedDependencies)"),
                  @Param(name = "exposed", type = ParamType.SELECTOR_LIST, description = "the classes through which modules may use each "
                        + "other, e.g. [{packages: ['..api..']}] (onlyDependOnEachOtherThroughClassesThat)"),
                  @Param(name = "noCycles", type = ParamType.BOOLEAN, description = "the modules are free of cycles (beFreeOfCycles)"),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class ModulesRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<String> allowed = ctx.params().strings("allowed");
        Optional<DescribedPredicate<JavaClass>> exposed = ctx.params().selectorList("exposed").stream().map(ctx::classes).reduce((a, b) -> a.or(b));
        boolean noCycles = ctx.params().bool("noCycles", false);
        if (allowed.isEmpty() && exposed.isEmpty() && !noCycles) {
            throw ctx.problem(null, "say what the modules must respect: allowed, exposed or noCycles: true");
        }
        return build(ctx, given(ctx), allowed.isEmpty() ? null : allowedDependencies(ctx, allowed), exposed.orElse(null), noCycles);
    }

    /** The conditions given, joined with andShould, in this order; then the ignored dependencies. */
    private static <D extends ArchModule.Descriptor> ArchRule build(RuleContext ctx, GivenModules<D> given, AllowedModuleDependencies allowed,
                                                                    DescribedPredicate<JavaClass> exposed, boolean noCycles) {
        var rule = allowed != null ? given.should().respectTheirAllowedDependencies(allowed, consideringOnlyDependenciesBetweenModules())
                : exposed != null ? given.should().onlyDependOnEachOtherThroughClassesThat(exposed) : given.should().beFreeOfCycles();
        if (allowed != null && exposed != null) {
            rule = rule.andShould().onlyDependOnEachOtherThroughClassesThat(exposed);
        }
        if (noCycles && (allowed != null || exposed != null)) {
            rule = rule.andShould().beFreeOfCycles();
        }
        for (IgnoredDependencies.Pair pair : IgnoredDependencies.of(ctx)) {
            rule = rule.ignoreDependency(pair.origin(), pair.target());
        }
        return rule;
    }

    /** The classes in some module. */
    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        Optional<String> packages = ctx.params().string("packages");
        if (packages.isPresent()) {
            PackageMatcher matcher = PackageMatcher.of(packages.get());
            return DescribedPredicate.describe("are in a module", c -> matcher.matches(c.getPackageName()));
        }
        return DescribedPredicate.alwaysTrue(); // modules rooted by annotation: where they lie is known once the classes are
    }

    private static GivenModules<?> given(RuleContext ctx) {
        Optional<String> packages = ctx.params().string("packages");
        Optional<String> annotation = ctx.params().string("rootsAnnotatedWith");
        if (packages.isPresent() == annotation.isPresent()) {
            throw ctx.problem(null, "define the modules by one of packages (a pattern with capture groups) or rootsAnnotatedWith (an annotation type)");
        }
        if (packages.isPresent()) {
            if (!packages.get().contains("(")) {
                throw ctx.problem("packages", "'" + packages.get() + "' has no capture group: write one for the module's name, e.g. 'com.acme.(*)..'");
            }
            var definition = modules().definedByPackages(packages.get());
            return ctx.params().string("namedAs").map(definition::derivingNameFromPattern).orElse(definition);
        }
        if (ctx.params().string("namedAs").isPresent()) {
            throw ctx.problem("namedAs", "namedAs names modules defined by packages; with rootsAnnotatedWith the annotation's 'name' does");
        }
        String type = annotation.get();
        return modules().definedByRootClasses(DescribedPredicate.describe("annotated with @" + type, (JavaClass c) -> c.isAnnotatedWith(type)))
                .derivingModuleFromRootClassBy(DescribedFunction.describe("the annotation's name", (JavaClass root) -> {
                    String name = root.tryGetAnnotationOfType(type).flatMap(a -> nameOf(a)).orElseGet(() -> lastPart(root.getPackageName()));
                    return ArchModule.Descriptor.create(name);
                }));
    }

    private static Optional<String> nameOf(JavaAnnotation<?> a) {
        return a.get("name").map(Object::toString).filter(n -> !n.isBlank());
    }

    private static String lastPart(String packageName) {
        return packageName.substring(packageName.lastIndexOf('.') + 1);
    }

    private static AllowedModuleDependencies allowedDependencies(RuleContext ctx, List<String> entries) {
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.split("->");
            if (parts.length != 2 || parts[0].isBlank()) {
                throw ctx.problem("allowed", "'" + entry + "' must read 'module -> module, module' (nothing after '->': may depend on none)");
            }
            List<String> targets = new ArrayList<>(Arrays.stream(parts[1].split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList());
            allowed.computeIfAbsent(parts[0].trim(), k -> new ArrayList<>()).addAll(targets);
        }
        AllowedModuleDependencies result = null;
        for (Map.Entry<String, List<String>> e : allowed.entrySet()) {
            String[] to = e.getValue().toArray(String[]::new);
            result = result == null ? AllowedModuleDependencies.allow().fromModule(e.getKey()).toModules(to) : result.fromModule(e.getKey()).toModules(to);
        }
        return result;
    }
}
