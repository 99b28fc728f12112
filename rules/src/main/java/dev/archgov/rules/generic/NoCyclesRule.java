package dev.archgov.rules.generic;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

/**
 * Slices of the code base (by default: packages) must not depend on each other in a cycle; each cycle group (strongly
 * connected component) is one finding, found whole and in the same way on every run (see {@link CycleGroups}).
 */
@Kind(name = "no-cycles", title = "No dependency cycles between slices", category = "layering", severity = Severity.MAJOR,
        params = {@Param(name = "slices", type = ParamType.STRING,
                        description = SlicePattern.SLICES_DOC + " (default '(**)': every package is a slice)"),
                  @Param(name = "namedAs", type = ParamType.STRING, description = SlicePattern.NAMED_AS_DOC),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class NoCyclesRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        return SlicePattern.of(ctx, "(**)").should(new CycleGroups(IgnoredDependencies.of(ctx)));
    }
}
