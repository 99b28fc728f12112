package dev.archgov.rules.saga;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.ProxyAnnotations;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** SAGA-05: an Axon saga starts ({@code @StartSaga}), ends ({@code @EndSaga} or {@code SagaLifecycle.end()}) and associates. */
@Kind(name = "saga-lifecycle", locality = Locality.CLASS, title = "Sagas start, associate and end", category = "saga", severity = Severity.MAJOR)
public final class SagaLifecycleRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(sagas(context.index())).should(new FlowCondition("start, associate and end sagas", context.index(), (index, c, sink) -> {
            boolean starts = c.getMethods().stream().anyMatch(m -> has(m, SagaApis.START_SAGA));
            boolean ends = c.getMethods().stream().anyMatch(m -> has(m, SagaApis.END_SAGA))
                    || Calls.of(index, c).any(List.of("end"), call -> call.getTargetOwner().getSimpleName().equals("SagaLifecycle"));
            if (!starts) {
                sink.accept(new Violation(c.getName(), "@StartSaga", c, 0, "saga without a @StartSaga handler: no event ever creates it"));
            }
            if (!ends) {
                sink.accept(new Violation(c.getName(), "@EndSaga", c, 0, "saga that never ends (no @EndSaga, no SagaLifecycle.end()): "
                        + "every instance and its associations stay in the saga store forever"));
            }
            for (JavaMethod m : c.getMethods()) {
                ProxyAnnotations.Found handler = ProxyAnnotations.find(m, SagaApis.SAGA_HANDLER);
                if (handler.present() && handler.attribute("associationProperty").map(Object::toString).filter(String::isBlank).isPresent()) {
                    sink.accept(new Violation(m.getFullName(), "associationProperty", c, m.getSourceCodeLocation().getLineNumber(),
                            "@SagaEventHandler with an empty associationProperty: no event is routed to a saga instance"));
                }
            }
        }));
    }

    private static boolean has(JavaMethod m, List<String> annotations) {
        return annotations.stream().anyMatch(m::isAnnotatedWith);
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return sagas(context.index());
    }

    static DescribedPredicate<JavaClass> sagas(RunIndex index) {
        // the shared annotation index first (a superset: the type's and its supertypes' annotations), then the exact test
        return DescribedPredicate.describe("are Axon sagas", c -> ProxyAnnotations.mayHave(index, c, SagaApis.SAGA_HANDLER)
                && c.getMethods().stream().anyMatch(m -> has(m, SagaApis.SAGA_HANDLER)));
    }
}
