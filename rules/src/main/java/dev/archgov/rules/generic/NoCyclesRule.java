package dev.archgov.rules.generic;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Packages;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Slices of the code base (by default: packages) must not depend on each other in a cycle; each cycle group (strongly
 * connected component) is one finding, found whole and in the same way on every run (see {@link CycleGroups}).
 */
@Kind(name = "no-cycles", title = "No dependency cycles between slices", category = "layering", severity = Severity.MAJOR,
        params = {@Param(name = "slices", type = ParamType.STRING,
                        description = "ArchUnit slice pattern with one or more capture groups, e.g. 'com.acme.(*)..' or "
                                + "'com.acme.(*).(*)..' (default '(**)': every package is a slice)"),
                  @Param(name = "namedAs", type = ParamType.STRING,
                        description = "how slices are named in findings, $1, $2 … for the captured parts, e.g. 'Module $1' "
                                + "(default: the captured parts joined with dots)")})
public final class NoCyclesRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        String pattern = ctx.params().string("slices").orElse("(**)");
        if (!pattern.contains("(*)") && !pattern.contains("(**)")) {
            throw ctx.problem("slices", "'" + pattern + "' needs a capture group, (*) or (**), naming the slice");
        }
        try {
            PackageMatcher.of(pattern); // ArchUnit's syntax and its checks of it
        } catch (IllegalArgumentException e) {
            throw ctx.problem("slices", "bad slice pattern '" + pattern + "': " + e.getMessage());
        }
        // assigned by archgov's package matching: a package with '$' or non-ASCII letters belongs to its slice too
        Pattern regex = Packages.compile(pattern);
        SliceAssignment assignment = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                Matcher m = regex.matcher(javaClass.getPackageName());
                if (!m.matches()) {
                    return SliceIdentifier.ignore();
                }
                List<String> parts = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    parts.add(m.group(g));
                }
                return SliceIdentifier.of(parts);
            }

            @Override
            public String getDescription() {
                return "slices matching '" + pattern + "'";
            }
        };
        int groups = regex.matcher("").groupCount();
        String naming = ctx.params().string("namedAs").orElseGet(() -> IntStream.rangeClosed(1, groups).mapToObj(g -> "$" + g)
                .collect(Collectors.joining(".")));
        Matcher references = Pattern.compile("\\$(\\d+)").matcher(naming);
        while (references.find()) {
            int g = Integer.parseInt(references.group(1));
            if (g < 1 || g > groups) {
                throw ctx.problem("namedAs", "'" + naming + "' names $" + g + " but the slice pattern '" + pattern + "' captures "
                        + groups + (groups == 1 ? " part" : " parts"));
            }
        }
        return slices().assignedFrom(assignment).namingSlices(naming).should(new CycleGroups());
    }
}
