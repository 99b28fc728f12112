package dev.archgov.rules.generic;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

/**
 * Slices that must not know each other at all (ArchUnit's {@code slices().should().notDependOnEachOther()}): feature
 * modules, bounded contexts, plugins. Every dependency from one slice into another is a finding at its line, cycle or
 * not.
 */
@Kind(name = "slices-independent", title = "Slices do not depend on each other", category = "layering", severity = Severity.MAJOR,
        params = {@Param(name = "slices", type = ParamType.STRING, required = true, description = SlicePattern.SLICES_DOC),
                  @Param(name = "namedAs", type = ParamType.STRING, description = SlicePattern.NAMED_AS_DOC),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class SlicesIndependentRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        var rule = SlicePattern.of(ctx, null).should().notDependOnEachOther();
        for (IgnoredDependencies.Pair pair : IgnoredDependencies.of(ctx)) {
            rule = rule.ignoreDependency(pair.origin(), pair.target());
        }
        return rule;
    }
}
