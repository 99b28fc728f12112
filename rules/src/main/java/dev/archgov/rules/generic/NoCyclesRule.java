package dev.archgov.rules.generic;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Slices of the code base (by default: packages) must not depend on each other in a cycle; each cycle group (strongly
 * connected component) is one finding, found whole and in the same way on every run (see {@link CycleGroups}).
 */
@Kind(name = "no-cycles", title = "No dependency cycles between slices", category = "layering", severity = Severity.MAJOR,
        params = @Param(name = "slices", type = ParamType.STRING,
                        description = "ArchUnit slice pattern with one capture group, e.g. 'com.acme.(*)..' (default '(**)': every package is a slice)"))
public final class NoCyclesRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        String pattern = ctx.params().string("slices").orElse("(**)");
        if (!pattern.contains("(*)") && !pattern.contains("(**)")) {
            throw ctx.problem("slices", "'" + pattern + "' needs a capture group, (*) or (**), naming the slice");
        }
        try {
            return slices().matching(pattern).should(new CycleGroups());
        } catch (IllegalArgumentException e) {
            throw ctx.problem("slices", "bad slice pattern '" + pattern + "': " + e.getMessage());
        }
    }
}
