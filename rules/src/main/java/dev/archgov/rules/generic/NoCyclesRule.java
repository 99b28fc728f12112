package dev.archgov.rules.generic;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.spi.ParamSpec;
import dev.archgov.engine.spi.ParamType;
import dev.archgov.engine.spi.RuleContext;
import dev.archgov.engine.spi.RuleMeta;
import dev.archgov.rules.support.BaseRule;

import java.util.List;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Slices of the code base (by default: packages) must not depend on each other in a cycle; each cycle group (strongly
 * connected component) is one finding, found whole and in the same way on every run (see {@link CycleGroups}).
 */
public final class NoCyclesRule extends BaseRule {
    private static final RuleMeta META = RuleMeta.of(NoCyclesRule.class,
            "No dependency cycles between slices", "layering", Severity.MAJOR);

    public NoCyclesRule() {
        super("no-cycles", META, List.of(ParamSpec.optional("slices", ParamType.STRING,
                "ArchUnit slice pattern with one capture group, e.g. 'com.acme.(*)..' (default '(**)': every package is a slice)")));
    }

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
