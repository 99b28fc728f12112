package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.Params;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.spi.config.ConfigFiles;

import java.util.Map;

/**
 * What a {@link RuleKind} may know while compiling one rule.
 *
 * @param index what the run knows about the analysed classes, shared by every rule of the run; capture it in the
 *              rule's conditions and predicates instead of keeping anything in static fields
 * @param config the configuration files the contract names ({@code analyze.config}), read once per run by the
 *              configuration checkpoints ({@link dev.archgov.spi.config.ConfigRule})
 */
public record RuleContext(RuleSpec rule, Map<String, Layer> layers, RunIndex index, ConfigFiles config) {

    public RuleContext(RuleSpec rule, Map<String, Layer> layers, RunIndex index) {
        this(rule, layers, index, ConfigFiles.NONE);
    }

    public Params params() {
        return rule.params();
    }

    public DescribedPredicate<JavaClass> classes(ClassSelector selector) {
        return Selectors.compile(selector, layers);
    }

    /** The classes the selector-list parameter {@code param} selects (any of them), or {@code otherwise} when it is not given. */
    public DescribedPredicate<JavaClass> classesOr(String param, DescribedPredicate<JavaClass> otherwise) {
        return params().selectorList(param).stream().map(this::classes).reduce((a, b) -> a.or(b)).orElse(otherwise);
    }

    public Layer layer(String name) {
        Layer layer = layers.get(name);
        if (layer == null) {
            throw problem(null, "unknown layer '" + name + "'");
        }
        return layer;
    }

    /** A problem with this rule's parameter {@code param} (or the rule itself when null), at its position. */
    public ContractException problem(String param, String message) {
        var pos = param == null ? rule.pos() : rule.params().position(param).orElse(rule.pos());
        return new ContractException(pos, "rule " + rule.id() + ": " + message);
    }
}
