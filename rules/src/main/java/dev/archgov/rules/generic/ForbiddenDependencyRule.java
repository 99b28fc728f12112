package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Globs;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Classes selected by {@code from} must not use classes selected by {@code to}. */
@Kind(name = "forbidden-dependency", locality = Locality.CLASS, title = "Forbidden dependency", category = "layering", severity = Severity.MAJOR,
        params = {@Param(name = "from", type = ParamType.SELECTOR_LIST, required = true,
                        description = "the classes the rule constrains (any selector may match)"),
                  @Param(name = "to", type = ParamType.SELECTOR_LIST,
                        description = "the classes they must not use (any selector may match); 'to' or 'members' is required"),
                  @Param(name = "members", type = ParamType.STRING_LIST,
                        description = "members they must not use, each 'Type.member' (a field, or a method with every overload; "
                        + "the member name may be a glob, and calls on subtypes count: 'java.lang.Throwable.printStackTrace')"),
                  @Param(name = "except", type = ParamType.SELECTOR_LIST,
                        description = "classes exempt from the rule although 'from' selects them"),
                  @Param(name = "mode", description = ForbiddenDependencyRule.MODE_DOC + "; 'construct': only constructor calls "
                        + "(new X(): who may create them, e.g. only factories)", allowed = {"access", "any", "construct"}),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class ForbiddenDependencyRule extends BaseRule {
    /** What {@code mode} means, for every kind that takes it. */
    static final String MODE_DOC = "'access' (default): calls, field accesses and constructor calls, each at its line; "
            + "'any': every dependency, including field, parameter and supertype declarations";

    @Override
    public ArchRule compile(RuleContext ctx) {
        DescribedPredicate<JavaClass> from = anyOf(ctx, ctx.params().selectorList("from"));
        List<ClassSelector> except = ctx.params().selectorList("except");
        if (!except.isEmpty()) {
            from = from.and(DescribedPredicate.not(anyOf(ctx, except)));
        }
        List<ClassSelector> toSelectors = ctx.params().selectorList("to");
        List<String> members = ctx.params().strings("members");
        if (toSelectors.isEmpty() && members.isEmpty()) {
            throw ctx.problem("to", "give 'to' (classes), 'members', or both");
        }
        String mode = ctx.params().string("mode").orElse("access");
        List<IgnoredDependencies.Pair> ignored = IgnoredDependencies.of(ctx);
        if (!members.isEmpty()) { // ArchUnit's accessField/callMethodWhere: each access of the member at its line
            if (!"access".equals(mode)) {
                throw ctx.problem("mode", "'members' are judged at each access; mode '" + mode + "' applies to 'to' classes only");
            }
            DescribedPredicate<JavaAccess<?>> forbidden = memberAccesses(ctx, members, ignored);
            if (!toSelectors.isEmpty()) {
                DescribedPredicate<JavaClass> to = anyOf(ctx, toSelectors);
                forbidden = IgnoredDependencies.accessesTo("access classes that " + to.getDescription(), to, ignored).or(forbidden);
            }
            return noClasses().that(from).should().accessTargetWhere(forbidden);
        }
        DescribedPredicate<JavaClass> to = anyOf(ctx, toSelectors);
        boolean any = "any".equals(mode);
        if ("construct".equals(mode)) { // ArchUnit's callConstructorWhere: each constructor call at its line
            return noClasses().that(from).should().callConstructorWhere(IgnoredDependencies.accessesTo("the constructor of a class that "
                    + to.getDescription(), to, ignored));
        }
        if (!ignored.isEmpty()) { // the same conditions, written over each dependency so that a pair can be left out
            return any ? classes().that(from).should(onlyHaveDependenciesWhere(IgnoredDependencies.dependenciesAvoiding("not depend on classes that "
                    + to.getDescription(), to, ignored)))
                    : noClasses().that(from).should().accessTargetWhere(IgnoredDependencies.accessesTo("access classes that " + to.getDescription(), to, ignored));
        }
        var classes = noClasses().that(from).should();
        return any ? classes.dependOnClassesThat(to) : classes.accessClassesThat(to);
    }

    /** Accesses of the named members ({@code Type.member}: the owner or a subtype of it, the name a glob), the ignored pairs aside. */
    private static DescribedPredicate<JavaAccess<?>> memberAccesses(RuleContext ctx, List<String> members, List<IgnoredDependencies.Pair> ignored) {
        List<Predicate<JavaAccess<?>>> each = new ArrayList<>();
        for (String member : members) {
            int dot = member.lastIndexOf('.');
            if (dot <= 0 || dot == member.length() - 1) {
                throw ctx.problem("members", "'" + member + "' must read 'Type.member' (e.g. java.lang.System.out)");
            }
            String owner = member.substring(0, dot);
            Globs.Glob name = Globs.compile(member.substring(dot + 1));
            each.add(a -> name.matches(a.getName()) && a.getTargetOwner().isAssignableTo(owner));
        }
        return DescribedPredicate.describe("access " + String.join(", ", members),
                a -> each.stream().anyMatch(p -> p.test(a)) && !IgnoredDependencies.ignored(ignored, a.getOriginOwner(), a.getTargetOwner()));
    }

    static DescribedPredicate<JavaClass> anyOf(RuleContext ctx, List<ClassSelector> selectors) {
        DescribedPredicate<JavaClass> any = ctx.classes(selectors.get(0));
        for (int i = 1; i < selectors.size(); i++) {
            any = any.or(ctx.classes(selectors.get(i)));
        }
        return any;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        DescribedPredicate<JavaClass> from = anyOf(ctx, ctx.params().selectorList("from"));
        List<ClassSelector> except = ctx.params().selectorList("except");
        return except.isEmpty() ? from : from.and(DescribedPredicate.not(anyOf(ctx, except)));
    }
}
