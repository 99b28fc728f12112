package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.Globs;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code ignore} parameter of the architecture kinds (ArchUnit's {@code ignoreDependency}): dependencies each
 * written {@code "origin glob -> target glob"} over fully qualified class names ({@code *} within a name segment,
 * {@code **} across), which the rule does not judge — a known legacy shortcut, a generated class.
 */
final class IgnoredDependencies {
    static final String DOC = "dependencies the rule does not judge, each 'origin -> target' as class-name globs "
            + "(e.g. 'com.acme.legacy.** -> com.acme.repo.**')";

    /** One ignored pair. */
    record Pair(DescribedPredicate<JavaClass> origin, DescribedPredicate<JavaClass> target) {
    }

    private IgnoredDependencies() {
    }

    static List<Pair> of(RuleContext ctx) {
        List<Pair> pairs = new ArrayList<>();
        for (String entry : ctx.params().strings("ignore")) {
            String[] parts = entry.split("->");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw ctx.problem("ignore", "'" + entry + "' must read 'origin glob -> target glob'");
            }
            pairs.add(new Pair(glob(parts[0].trim()), glob(parts[1].trim())));
        }
        return pairs;
    }

    /** Whether a dependency from {@code origin} to {@code target} is one of the ignored pairs. */
    static boolean ignored(List<Pair> pairs, JavaClass origin, JavaClass target) {
        for (Pair p : pairs) {
            if (p.origin().test(origin) && p.target().test(target)) {
                return true;
            }
        }
        return false;
    }

    /** Accesses (calls, constructor calls) of a target {@code forbidden} accepts, the ignored pairs aside. */
    static DescribedPredicate<JavaAccess<?>> accessesTo(String description, Predicate<JavaClass> forbidden, List<Pair> pairs) {
        return DescribedPredicate.describe(description, a -> forbidden.test(a.getTargetOwner()) && !ignored(pairs, a.getOriginOwner(), a.getTargetOwner()));
    }

    /** The dependencies allowed: on a target {@code forbidden} rejects, or one of the ignored pairs. */
    static DescribedPredicate<Dependency> dependenciesAvoiding(String description, Predicate<JavaClass> forbidden, List<Pair> pairs) {
        return DescribedPredicate.describe(description, d -> !forbidden.test(d.getTargetClass()) || ignored(pairs, d.getOriginClass(), d.getTargetClass()));
    }

    private static DescribedPredicate<JavaClass> glob(String glob) {
        Globs.Glob compiled = Globs.compile(glob);
        return DescribedPredicate.describe("named '" + glob + "'", c -> compiled.matches(c.getName()));
    }
}
