package dev.archgov.spi;

import java.util.Arrays;
import java.util.List;

/**
 * A rule kind whose name, metadata and parameters come from its {@link Kind} annotation, and whose docs are the
 * Markdown resource named like its class. A subclass writes only {@link #compile} (and {@link #scope}).
 */
public abstract class BaseRule implements RuleKind {
    private final String name;
    private final RuleMeta meta;
    private final List<ParamSpec> params;
    private final Locality locality;

    protected BaseRule() {
        Kind kind = getClass().getAnnotation(Kind.class);
        if (kind == null) {
            throw new IllegalStateException("rule kind " + getClass().getName() + " has no @Kind annotation");
        }
        this.name = kind.name();
        this.meta = RuleMeta.of(getClass(), kind.title(), kind.category(), kind.severity());
        this.params = Arrays.stream(kind.params()).map(ParamSpec::of).toList();
        this.locality = kind.locality();
    }

    /** The locality the {@link Kind} annotation declares; a kind whose locality depends on its parameters overrides this. */
    @Override
    public Locality locality(RuleContext context) {
        return locality;
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
