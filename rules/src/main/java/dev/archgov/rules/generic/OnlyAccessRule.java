package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.ClassesShould;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependentsWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * ArchUnit's "only" rules: the selected classes may use only the classes another selector picks
 * ({@code onlyAccessClassesThat} / {@code onlyDependOnClassesThat}), or may be used only by them
 * ({@code onlyBeAccessed().byClassesThat} / {@code onlyHaveDependentClassesThat}). Where {@code forbidden-dependency}
 * lists what is forbidden, this lists what is allowed: anything else is a finding.
 */
@Kind(name = "only-access", locality = Locality.CLASS, title = "Classes use, and are used by, only what is allowed", category = "layering", severity = Severity.MAJOR,
        params = {@Param(name = "classes", type = ParamType.SELECTOR_LIST, required = true,
                        description = "the classes the rule constrains (any selector may match)"),
                  @Param(name = "useOnly", type = ParamType.SELECTOR_LIST,
                        description = "they may use only these classes (their own included: list them; e.g. java.. for the JDK)"),
                  @Param(name = "usedOnlyBy", type = ParamType.SELECTOR_LIST,
                        description = "they may be used only by these classes (their own included: list them)"),
                  @Param(name = "mode", description = ForbiddenDependencyRule.MODE_DOC, allowed = {"access", "any"}),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class OnlyAccessRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<ClassSelector> useOnly = ctx.params().selectorList("useOnly");
        List<ClassSelector> usedOnlyBy = ctx.params().selectorList("usedOnlyBy");
        if (useOnly.isEmpty() && usedOnlyBy.isEmpty()) {
            throw ctx.problem("classes", "give useOnly, usedOnlyBy or both: what the classes may use, or who may use them");
        }
        DescribedPredicate<JavaClass> subjects = ForbiddenDependencyRule.anyOf(ctx, ctx.params().selectorList("classes"));
        boolean any = "any".equals(ctx.params().string("mode").orElse("access"));
        List<ArchRule> rules = new ArrayList<>();
        List<IgnoredDependencies.Pair> ignored = IgnoredDependencies.of(ctx);
        if (!useOnly.isEmpty()) {
            DescribedPredicate<JavaClass> allowed = ForbiddenDependencyRule.anyOf(ctx, useOnly);
            ClassesShould should = classes().that(subjects).should();
            if (ignored.isEmpty()) {
                rules.add(any ? should.onlyDependOnClassesThat(allowed) : should.onlyAccessClassesThat(allowed));
            } else { // written over each dependency, so that a pair can be left out
                rules.add(any ? classes().that(subjects).should(onlyHaveDependenciesWhere(IgnoredDependencies.dependenciesAvoiding(
                        "only depend on classes that " + allowed.getDescription(), c -> !allowed.test(c), ignored)))
                        : noClasses().that(subjects).should().accessTargetWhere(IgnoredDependencies.accessesTo(
                        "access classes other than those that " + allowed.getDescription(), c -> !allowed.test(c), ignored)));
            }
        }
        if (!usedOnlyBy.isEmpty()) {
            DescribedPredicate<JavaClass> allowed = ForbiddenDependencyRule.anyOf(ctx, usedOnlyBy);
            ClassesShould should = classes().that(subjects).should();
            if (ignored.isEmpty()) {
                rules.add(any ? should.onlyHaveDependentClassesThat(allowed) : should.onlyBeAccessed().byClassesThat(allowed));
            } else {
                rules.add(any ? classes().that(subjects).should(onlyHaveDependentsWhere(DescribedPredicate.describe("only have dependents that "
                        + allowed.getDescription(), d -> allowed.test(d.getOriginClass()) || IgnoredDependencies.ignored(ignored, d.getOriginClass(), d.getTargetClass()))))
                        : classes().that(subjects).should(onlyBeAccessedWhere(allowed, ignored)));
            }
        }
        return rules.size() == 1 ? rules.get(0) : CompositeArchRule.of(rules.get(0)).and(rules.get(1));
    }

    /** ArchUnit's onlyBeAccessed().byClassesThat(allowed), leaving out the ignored pairs: each other access at its line. */
    private static ArchCondition<JavaClass> onlyBeAccessedWhere(DescribedPredicate<JavaClass> allowed, List<IgnoredDependencies.Pair> ignored) {
        return new ArchCondition<>("only be accessed by classes that " + allowed.getDescription()) {
            @Override
            public void check(JavaClass target, ConditionEvents events) {
                for (JavaAccess<?> access : target.getAccessesToSelf()) {
                    if (!allowed.test(access.getOriginOwner()) && !IgnoredDependencies.ignored(ignored, access.getOriginOwner(), target)) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        };
    }

    /** {@code usedOnlyBy} looks at the classes' users: graph-wide. */
    @Override
    public Locality locality(RuleContext ctx) {
        return ctx.params().selectorList("usedOnlyBy").isEmpty() ? Locality.CLASS : Locality.GRAPH;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        return ForbiddenDependencyRule.anyOf(ctx, ctx.params().selectorList("classes"));
    }
}
