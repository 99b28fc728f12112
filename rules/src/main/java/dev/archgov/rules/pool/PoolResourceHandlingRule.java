package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-02: a generic object pool of resources (connections, statements, result sets, sockets, channels, anything
 * {@code Closeable}) must validate them and destroy them: a dead connection lent out again, or one dropped without
 * closing, is a failure or a leak. Dedicated resource pools (HikariCP …) do this for you.
 */
@Kind(name = "pool-resource-handling", title = "Resources in a generic pool are validated and destroyed", category = "pool", severity = Severity.MAJOR)
public final class PoolResourceHandlingRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(resourceFactories(context.index())).should(new FlowCondition("validate and destroy pooled resources", context.index(), (index, c, sink) -> {
            JavaClass resource = Factories.pooledType(c).orElseThrow();
            List<String> missing = new ArrayList<>();
            for (String method : List.of("validateObject", "destroyObject")) {
                if (Factories.declared(c, method).isEmpty()) {
                    missing.add(method);
                }
            }
            if (!missing.isEmpty()) {
                sink.accept(new Violation(c.getName(), resource.getName(), c, 0, "pools " + resource.getSimpleName()
                        + " (a resource) without " + String.join(" or ", missing) + ": dead ones are lent out again or dropped unclosed; "
                        + "implement them, or use a dedicated pool (HikariCP for JDBC)"));
            }
        }));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return resourceFactories(context.index());
    }

    private static DescribedPredicate<JavaClass> resourceFactories(RunIndex index) {
        return DescribedPredicate.describe("pool resources", c -> Factories.isProjectFactory(index, c)
                && Factories.pooledType(c).filter(t -> PoolAnalysis.isResource(index, t)).isPresent());
    }
}
