package dev.archgov.rules.saga;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.ProxyAnnotations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** SAGA-01: a TCC action is fenced ({@code useTCCFence = true}) or its commit and rollback show idempotency evidence. */
@Kind(name = "tcc-fence-or-guard", title = "TCC actions are fenced or guarded against retries, empty rollbacks and suspension", category = "saga", severity = Severity.CRITICAL,
        params = {@Param(name = "idempotencyStore", type = ParamType.CODE_GLOBS,
                        description = SagaApis.IDEMPOTENCY_STORE_DOC),
                  @Param(name = "idempotentAnnotations", type = ParamType.STRING_LIST,
                        description = SagaApis.IDEMPOTENT_ANNOTATIONS_DOC)})
public final class TccFenceOrGuardRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        SagaAnalysis.Evidence evidence = SagaAnalysis.Evidence.of(context.index(), context.params());
        return classes().that(tccActions(context.index())).should(new FlowCondition("fence or guard TCC actions", context.index(), (index, c, sink) -> {
            for (JavaMethod method : c.getMethods()) {
                Optional<TccPhases> tcc = TccPhases.of(method);
                if (tcc.isEmpty() || tcc.get().fenced()) {
                    continue;
                }
                List<String> unguarded = new ArrayList<>();
                for (String phase : tcc.get().phaseTwo()) {
                    tcc.get().phase(phase).filter(m -> !evidence.shows(m, SagaAnalysis.writes(context.index(), c))).ifPresent(m -> unguarded.add(phase + "()"));
                }
                if (!unguarded.isEmpty()) {
                    sink.accept(new Violation(method.getFullName(), tcc.get().rollbackName(), c, method.getSourceCodeLocation().getLineNumber(),
                            tcc.get().what() + " without " + (tcc.get().saga() ? "useFence" : "useTCCFence") + ", and "
                                    + String.join(" and ", unguarded) + " show no idempotency guard: "
                                    + "a retried phase two applies twice, a rollback without a try (empty rollback) and a try after its "
                                    + "rollback (suspension) corrupt state; set " + (tcc.get().saga() ? "useFence" : "useTCCFence") + " = true or guard by transaction id"));
                }
            }
        }));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return tccActions(context.index());
    }

    static DescribedPredicate<JavaClass> tccActions(RunIndex index) {
        return DescribedPredicate.describe("implement Seata TCC or saga actions", c -> !c.isInterface() && ProxyAnnotations.mayHave(index, c, SagaApis.SEATA_ACTIONS));
    }
}
