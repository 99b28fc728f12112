package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.Architectures;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.Selectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An ordered layered architecture: each layer may use only the layers below it, plus explicitly allowed ones. */
@Kind(name = "layers", locality = Locality.CLASS, title = "Layers may only use the layers below them", category = "layering", severity = Severity.CRITICAL,
        params = {@Param(name = "order", type = ParamType.LAYER_LIST, required = true,
                        description = "layers from top (e.g. web) to bottom (e.g. domain)"),
                  @Param(name = "strict", type = ParamType.BOOLEAN,
                        description = "a layer may use only the layer directly below it (default false: any lower layer)"),
                  @Param(name = "allow", type = ParamType.STRING_LIST,
                        description = "extra allowed uses, each 'from -> to' (layer names)"),
                  @Param(name = "consider", description = "which dependencies count: 'layers' (only between layers, default) or 'all' (also into unlayered code)",
                        allowed = {"layers", "all"}),
                  @Param(name = "callers", description = "who may use a layer: 'layers' (default: only uses between layers are judged) or "
                        + "'all': a layer may be used only by the layers above it (and 'allow'), classes outside every layer included, "
                        + "as ArchUnit's mayOnlyBeAccessedByLayers",
                        allowed = {"layers", "all"}),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class LayersRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<String> order = ctx.params().strings("order");
        if (order.size() < 2) {
            throw ctx.problem("order", "give at least two layers, top to bottom");
        }
        if (new LinkedHashSet<>(order).size() != order.size()) {
            throw ctx.problem("order", "a layer is listed twice");
        }
        boolean strict = ctx.params().bool("strict", false);
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Set<String> below = new LinkedHashSet<>(strict && i + 1 < order.size()
                    ? List.of(order.get(i + 1))
                    : order.subList(i + 1, order.size()));
            allowed.put(order.get(i), below);
        }
        for (String entry : ctx.params().strings("allow")) {
            String[] parts = entry.split("->");
            if (parts.length != 2) {
                throw ctx.problem("allow", "'" + entry + "' must read 'from -> to'");
            }
            String from = parts[0].trim();
            String to = parts[1].trim();
            for (String layer : List.of(from, to)) {
                if (!order.contains(layer)) {
                    throw ctx.problem("allow", "'" + layer + "' in '" + entry + "' is not one of the ordered layers " + order);
                }
            }
            allowed.get(from).add(to);
        }
        Architectures.LayeredArchitecture arch = "all".equals(ctx.params().string("consider").orElse("layers"))
                ? Architectures.layeredArchitecture().consideringAllDependencies()
                : Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        arch = arch.withOptionalLayers(true);
        List<IgnoredDependencies.Pair> ignored = IgnoredDependencies.of(ctx);
        for (IgnoredDependencies.Pair pair : ignored) {
            arch = arch.ignoreDependency(pair.origin(), pair.target());
        }
        for (String name : order) {
            arch = arch.layer(name).definedBy(Selectors.layer(ctx.layer(name)));
        }
        for (var e : allowed.entrySet()) {
            List<String> targets = new ArrayList<>(e.getValue());
            arch = targets.isEmpty()
                    ? arch.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : arch.whereLayer(e.getKey()).mayOnlyAccessLayers(targets.toArray(String[]::new));
        }
        if (!"all".equals(ctx.params().string("callers").orElse("layers"))) {
            return arch;
        }
        // every class counts as a caller: one outside every layer using a lower layer is a violation too (uses from a
        // layer are judged above already, so they are left out here: one finding per dependency)
        Architectures.LayeredArchitecture callers = Architectures.layeredArchitecture().consideringAllDependencies().withOptionalLayers(true)
                .ignoreDependency(scope(ctx), DescribedPredicate.alwaysTrue());
        for (IgnoredDependencies.Pair pair : ignored) {
            callers = callers.ignoreDependency(pair.origin(), pair.target());
        }
        for (String name : order) {
            callers = callers.layer(name).definedBy(Selectors.layer(ctx.layer(name)));
        }
        for (int i = 1; i < order.size(); i++) {
            String layer = order.get(i);
            String[] users = allowed.entrySet().stream().filter(e -> e.getValue().contains(layer)).map(Map.Entry::getKey).toArray(String[]::new);
            callers = users.length == 0 ? callers.whereLayer(layer).mayNotBeAccessedByAnyLayer()
                    : callers.whereLayer(layer).mayOnlyBeAccessedByLayers(users);
        }
        return CompositeArchRule.of(arch).and(callers);
    }

    /** Judging every caller ({@code callers: all}) looks at the classes that use a layer: graph-wide. */
    @Override
    public Locality locality(RuleContext ctx) {
        return "all".equals(ctx.params().string("callers").orElse("layers")) ? Locality.GRAPH : Locality.CLASS;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        return ctx.params().strings("order").stream().map(ctx::layer).map(Selectors::layer)
                .reduce((a, b) -> a.or(b)).orElse(DescribedPredicate.alwaysTrue());
    }
}
