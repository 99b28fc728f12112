package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The hexagonal (ports and adapters) architecture in its own words: the domain depends on nothing else, the application
 * (use cases and the ports it defines) on the domain, and each adapter on the application and the domain but never on
 * another adapter. ArchUnit has no rule of that name; this is its {@code onionArchitecture()} with the domain as the
 * innermost ring and the application as the application services ({@link OnionRule}).
 */
@Kind(name = "hexagonal", title = "Hexagonal architecture: adapters depend on ports, never on each other", category = "layering",
        severity = Severity.CRITICAL,
        params = {@Param(name = "domain", type = ParamType.PACKAGE_LIST, required = true,
                        description = "packages of the domain (entities, value objects, domain services): the centre"),
                  @Param(name = "application", type = ParamType.PACKAGE_LIST,
                        description = "packages of the application: use cases and the ports (interfaces) adapters implement or call"),
                  @Param(name = "adapters", type = ParamType.STRING_LIST,
                        description = "the adapters, each 'name: package pattern[, pattern …]', e.g. 'web: ..adapter.in.web..'"),
                  @Param(name = "ignore", type = ParamType.STRING_LIST, description = IgnoredDependencies.DOC)})
public final class HexagonalRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        return OnionRule.architecture(ctx, ctx.params().strings("domain"), List.of(), ctx.params().strings("application"));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        List<String> all = new ArrayList<>(ctx.params().strings("domain"));
        all.addAll(ctx.params().strings("application"));
        OnionRule.adapters(ctx).values().forEach(all::addAll);
        return OnionRule.packages(all);
    }
}
