package dev.archgov.rules.generic;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.syntax.GivenNamedSlices;
import dev.archgov.spi.Packages;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The {@code slices} and {@code namedAs} parameters of the slice kinds: an ArchUnit slice pattern with one or more
 * capture groups, each captured part naming the slice ({@code com.acme.(*).(*)..} makes {@code shop.order}), and how
 * findings name slices ({@code $1}, {@code $2} …). Packages are matched by archgov's package matching, so a package
 * with {@code $} or non-ASCII letters belongs to its slice too.
 */
final class SlicePattern {
    static final String SLICES_DOC = "ArchUnit slice pattern with one or more capture groups, e.g. 'com.acme.(*)..' or "
            + "'com.acme.(*).(*)..'";
    static final String NAMED_AS_DOC = "how slices are named in findings, $1, $2 … for the captured parts, e.g. 'Module $1' "
            + "(default: the captured parts joined with dots)";

    private SlicePattern() {
    }

    /** The slices of the rule's {@code slices} parameter (or {@code fallback}), named by {@code namedAs}; bad input is a contract problem. */
    static GivenNamedSlices of(RuleContext ctx, String fallback) {
        String pattern = ctx.params().string("slices").orElse(fallback);
        if (pattern == null) {
            throw ctx.problem("slices", "give the slice pattern, e.g. 'com.acme.(*)..'");
        }
        if (!pattern.contains("(*)") && !pattern.contains("(**)")) {
            throw ctx.problem("slices", "'" + pattern + "' needs a capture group, (*) or (**), naming the slice");
        }
        try {
            PackageMatcher.of(pattern); // ArchUnit's syntax and its checks of it
        } catch (IllegalArgumentException e) {
            throw ctx.problem("slices", "bad slice pattern '" + pattern + "': " + e.getMessage());
        }
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
        return slices().assignedFrom(assignment).namingSlices(naming);
    }
}
