package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

/**
 * ArchUnit's {@code GeneralCodingRules}, chosen by name and scoped by a selector: no standard streams
 * ({@code System.out}, {@code printStackTrace}), no generic exceptions thrown, no java.util.logging, no Joda-Time, no
 * field injection — ArchUnit's own conditions, so the findings are the ones its rules report.
 */
@Kind(name = "general-coding", locality = Locality.CLASS, title = "General coding rules", category = "coding", severity = Severity.MINOR,
        params = {@Param(name = "forbid", type = ParamType.STRING_LIST, required = true,
                        description = "what is forbidden: standard-streams, generic-exceptions, java-util-logging, joda-time, "
                                + "field-injection"),
                  @Param(name = "classes", type = ParamType.SELECTOR_LIST,
                        description = "the classes the rules apply to (any selector may match; default: every analysed class)")})
public final class GeneralCodingRule extends BaseRule {
    private static final List<String> NAMES = List.of("standard-streams", "generic-exceptions", "java-util-logging", "joda-time",
            "field-injection");

    @Override
    public ArchRule compile(RuleContext ctx) {
        Set<String> forbid = new LinkedHashSet<>(ctx.params().strings("forbid"));
        for (String name : forbid) {
            if (!NAMES.contains(name)) {
                throw ctx.problem("forbid", "'" + name + "' is not one of " + String.join(", ", NAMES));
            }
        }
        if (forbid.isEmpty()) {
            throw ctx.problem("forbid", "name at least one of " + String.join(", ", NAMES));
        }
        DescribedPredicate<JavaClass> scope = scope(ctx);
        List<ArchRule> rules = new ArrayList<>();
        for (String name : forbid) {
            rules.add(switch (name) {
                case "standard-streams" -> noClasses().that(scope).should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);
                case "generic-exceptions" -> noClasses().that(scope).should(GeneralCodingRules.THROW_GENERIC_EXCEPTIONS);
                case "java-util-logging" -> noClasses().that(scope).should(GeneralCodingRules.USE_JAVA_UTIL_LOGGING);
                case "joda-time" -> noClasses().that(scope).should(GeneralCodingRules.USE_JODATIME);
                default -> noFields().that().areDeclaredInClassesThat(scope).should(GeneralCodingRules.BE_ANNOTATED_WITH_AN_INJECTION_ANNOTATION);
            });
        }
        CompositeArchRule all = CompositeArchRule.of(rules.get(0));
        for (int i = 1; i < rules.size(); i++) {
            all = all.and(rules.get(i));
        }
        return all;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        return ctx.classesOr("classes", DescribedPredicate.<JavaClass>alwaysTrue().as("all classes"));
    }
}
