package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.BoundedRegex;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Packages;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.conditions.ArchConditions.beMetaAnnotatedWith;
import static com.tngtech.archunit.lang.conditions.ArchConditions.have;
import static com.tngtech.archunit.lang.conditions.ArchConditions.haveSimpleNameEndingWith;
import static com.tngtech.archunit.lang.conditions.ArchConditions.haveSimpleNameStartingWith;
import static com.tngtech.archunit.lang.conditions.ArchConditions.notBeMetaAnnotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** Naming, placement and annotation conventions for a set of classes. */
@Kind(name = "naming-and-annotation", locality = Locality.CLASS, title = "Naming and annotation conventions", category = "layering", severity = Severity.MINOR,
        params = {@Param(name = "classes", type = ParamType.SELECTOR, required = true,
                        description = "the classes the conventions apply to"),
                  @Param(name = "nameEndsWith", type = ParamType.STRING,
                        description = "their simple name must end with this"),
                  @Param(name = "nameStartsWith", type = ParamType.STRING,
                        description = "their simple name must start with this"),
                  @Param(name = "nameMatches", type = ParamType.STRING,
                        description = "their fully qualified name must match this regular expression"),
                  @Param(name = "resideIn", type = ParamType.PACKAGE_LIST,
                        description = "they must reside in one of these packages"),
                  @Param(name = "annotatedWith", type = ParamType.STRING_LIST,
                        description = "they must carry each of these annotations (meta-annotations count)"),
                  @Param(name = "notAnnotatedWith", type = ParamType.STRING_LIST,
                        description = "they must carry none of these annotations (meta-annotations count)")})
public final class NamingAndAnnotationRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        var p = ctx.params();
        List<ArchCondition<JavaClass>> conditions = new ArrayList<>();
        p.string("nameEndsWith").ifPresent(s -> conditions.add(haveSimpleNameEndingWith(s)));
        p.string("nameStartsWith").ifPresent(s -> conditions.add(haveSimpleNameStartingWith(s)));
        p.string("nameMatches").ifPresent(s -> {
            Pattern regex;
            try {
                regex = Pattern.compile(s);
            } catch (PatternSyntaxException e) {
                throw ctx.problem("nameMatches", "bad regular expression: " + e.getDescription());
            }
            if (BoundedRegex.backtracksCatastrophically(regex)) {
                throw ctx.problem("nameMatches", "this regular expression backtracks without bound on ordinary names (nested or repeated "
                        + ".* groups); simplify it");
            }
            conditions.add(have(DescribedPredicate.describe("name matching '" + s + "'", c -> BoundedRegex.matches(regex, c.getName()))));
        });
        if (!p.strings("resideIn").isEmpty()) {
            conditions.add(be(Packages.resideInAny(p.strings("resideIn")).as("residing in any package " + p.strings("resideIn"))));
        }
        p.strings("annotatedWith").forEach(a -> conditions.add(beMetaAnnotatedWith(a)));
        p.strings("notAnnotatedWith").forEach(a -> conditions.add(notBeMetaAnnotatedWith(a)));
        if (conditions.isEmpty()) {
            throw ctx.problem(null, "give at least one convention: nameEndsWith, nameStartsWith, nameMatches, resideIn, annotatedWith or notAnnotatedWith");
        }
        var rule = classes().that(ctx.classes(p.selector("classes").orElseThrow())).should(conditions.get(0));
        for (int i = 1; i < conditions.size(); i++) {
            rule = rule.andShould(conditions.get(i));
        }
        return rule;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        return ctx.classes(ctx.params().selector("classes").orElseThrow());
    }
}
