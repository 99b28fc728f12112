package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.spi.ParamSpec;
import dev.archgov.engine.spi.ParamType;
import dev.archgov.engine.spi.RuleContext;
import dev.archgov.engine.spi.RuleMeta;
import dev.archgov.rules.support.BaseRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Classes selected by {@code from} must not use classes selected by {@code to}. */
public final class ForbiddenDependencyRule extends BaseRule {
    private static final RuleMeta META = RuleMeta.of(ForbiddenDependencyRule.class,
            "Forbidden dependency", "layering", Severity.MAJOR);

    public ForbiddenDependencyRule() {
        super("forbidden-dependency", META, List.of(
                ParamSpec.required("from", ParamType.SELECTOR_LIST, "the classes the rule constrains (any selector may match)"),
                ParamSpec.required("to", ParamType.SELECTOR_LIST, "the classes they must not use (any selector may match)"),
                ParamSpec.optional("except", ParamType.SELECTOR_LIST, "classes exempt from the rule although 'from' selects them"),
                ParamSpec.oneOf("mode", "'access' (default): calls, field accesses and constructor calls, each at its line; "
                        + "'any': every dependency, including field, parameter and supertype declarations", "access", "any")));
    }

    @Override
    public ArchRule compile(RuleContext ctx) {
        DescribedPredicate<JavaClass> from = anyOf(ctx, ctx.params().selectorList("from"));
        List<ClassSelector> except = ctx.params().selectorList("except");
        if (!except.isEmpty()) {
            from = from.and(DescribedPredicate.not(anyOf(ctx, except)));
        }
        DescribedPredicate<JavaClass> to = anyOf(ctx, ctx.params().selectorList("to"));
        var classes = noClasses().that(from).should();
        return "any".equals(ctx.params().string("mode").orElse("access"))
                ? classes.dependOnClassesThat(to)
                : classes.accessClassesThat(to);
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
