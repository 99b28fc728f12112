package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Packages;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The onion (hexagonal, ports and adapters) architecture as ArchUnit's {@code onionArchitecture()}: the domain model
 * depends on nothing else, domain services only on the model, application services on the domain, and each adapter on
 * the inner rings but never on another adapter.
 */
@Kind(name = "onion", title = "Onion architecture: dependencies point inwards", category = "layering", severity = Severity.CRITICAL,
        params = {@Param(name = "domainModels", type = ParamType.PACKAGE_LIST, required = true,
                        description = "packages of the domain model (the innermost ring)"),
                  @Param(name = "domainServices", type = ParamType.PACKAGE_LIST, description = "packages of the domain services"),
                  @Param(name = "applicationServices", type = ParamType.PACKAGE_LIST, description = "packages of the application services"),
                  @Param(name = "adapters", type = ParamType.STRING_LIST,
                        description = "the adapters, each 'name: package pattern[, pattern …]', e.g. 'persistence: ..adapter.persistence..'"),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class OnionRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        return architecture(ctx, ctx.params().strings("domainModels"), ctx.params().strings("domainServices"),
                ctx.params().strings("applicationServices"));
    }

    /** ArchUnit's onion over these rings (an empty one left out), with the rule's {@code adapters} and {@code ignore} pairs. */
    static Architectures.OnionArchitecture architecture(RuleContext ctx, List<String> domainModels, List<String> domainServices,
                                                        List<String> applicationServices) {
        Architectures.OnionArchitecture onion = Architectures.onionArchitecture().withOptionalLayers(true).domainModels(packages(domainModels));
        if (!domainServices.isEmpty()) {
            onion = onion.domainServices(packages(domainServices));
        }
        if (!applicationServices.isEmpty()) {
            onion = onion.applicationServices(packages(applicationServices));
        }
        for (Map.Entry<String, List<String>> adapter : adapters(ctx).entrySet()) {
            onion = onion.adapter(adapter.getKey(), packages(adapter.getValue()));
        }
        for (IgnoredDependencies.Pair pair : IgnoredDependencies.of(ctx)) {
            onion = onion.ignoreDependency(pair.origin(), pair.target());
        }
        return onion;
    }

    static DescribedPredicate<JavaClass> packages(List<String> patterns) {
        return Packages.resideInAny(patterns).as("reside in " + String.join(", ", patterns));
    }

    static Map<String, List<String>> adapters(RuleContext ctx) {
        Map<String, List<String>> adapters = new LinkedHashMap<>();
        for (String entry : ctx.params().strings("adapters")) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            List<String> patterns = new ArrayList<>();
            if (colon >= 0) {
                for (String p : entry.substring(colon + 1).split(",")) {
                    if (!p.isBlank()) {
                        patterns.add(p.trim());
                    }
                }
            }
            if (name.isEmpty() || patterns.isEmpty()) {
                throw ctx.problem("adapters", "'" + entry + "' must read 'name: package pattern[, pattern …]'");
            }
            if (adapters.put(name, patterns) != null) {
                throw ctx.problem("adapters", "adapter '" + name + "' is given twice");
            }
        }
        return adapters;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        List<String> all = new ArrayList<>(ctx.params().strings("domainModels"));
        all.addAll(ctx.params().strings("domainServices"));
        all.addAll(ctx.params().strings("applicationServices"));
        adapters(ctx).values().forEach(all::addAll);
        return packages(all);
    }
}
