package dev.archgov.rules.support;

import dev.archgov.engine.spi.ParamSpec;
import dev.archgov.engine.spi.RuleKind;
import dev.archgov.engine.spi.RuleMeta;

import java.util.List;

/** A rule kind whose name, metadata and parameters are declared once, in its constructor. */
public abstract class BaseRule implements RuleKind {
    private final String name;
    private final RuleMeta meta;
    private final List<ParamSpec> params;

    protected BaseRule(String name, RuleMeta meta, List<ParamSpec> params) {
        this.name = name;
        this.meta = meta;
        this.params = List.copyOf(params);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final RuleMeta meta() {
        return meta;
    }

    @Override
    public final List<ParamSpec> params() {
        return params;
    }
}
