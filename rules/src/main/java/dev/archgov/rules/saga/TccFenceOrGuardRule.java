package dev.archgov.rules.saga;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.ProxyAnnotations;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** SAGA-01: a TCC action is fenced ({@code useTCCFence = true}) or its commit and rollback show idempotency evidence. */
@Kind(name = "tcc-fence-or-guard", locality = Locality.CLASS, title = "TCC actions are fenced or guarded against retries, empty rollbacks and suspension", category = "saga", severity = Severity.CRITICAL,
        params = {@Param(name = "idempotencyStore", type = ParamType.CODE_GLOBS,
                        description = SagaApis.IDEMPOTENCY_STORE_DOC),
                  @Param(name = "idempotentAnnotations", type = ParamType.STRING_LIST,
                        description = SagaApis.IDEMPOTENT_ANNOTATIONS_DOC)})
public final class TccFenceOrGuardRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        SagaAnalysis.Evidence evidence = SagaAnalysis.Evidence.of(context.index(), context.params());
        return classes().that(scope(context)).should(new FlowCondition("fence or guard TCC actions", context.index(), (index, c, sink) -> {
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
            stateMachineCompensations(index, c, evidence, sink);
        }));
    }

    /**
     * Compensation states of Seata state machines (JSON) whose service is this class: their method must not change
     * state unguarded; Seata retries a compensation and runs one for a step whose forward call may never have committed.
     */
    private static void stateMachineCompensations(RunIndex index, JavaClass c, SagaAnalysis.Evidence evidence, Consumer<Violation> sink) {
        Set<String> judged = new HashSet<>();
        for (SeataStateMachines.Task task : SeataStateMachines.tasksOf(index, c)) {
            if (!task.compensation() || !judged.add(task.method())) {
                continue;
            }
            for (JavaMethod m : c.getMethods()) {
                if (!m.getName().equals(task.method()) || evidence.annotated(m)) {
                    continue;
                }
                MethodSite.of(index, c, m.getName(), Descriptors.of(m)).ifPresent(site -> SagaAnalysis.firstUnguardedWrite(site, evidence)
                        .ifPresent(w -> sink.accept(site.violation(w, MethodSite.describe((MethodInsnNode) site.flow().insn(w)),
                                "compensation state " + task.state() + " of Seata state machine '" + task.machine() + "' (" + task.file()
                                        + ") changes state with no idempotency guard: Seata retries compensations and runs one for a step "
                                        + "whose forward call may never have committed; check a compensation record or the row's state by "
                                        + "the business key first"))));
            }
        }
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        RunIndex index = context.index();
        return tccActions(index).or(DescribedPredicate.describe("serve Seata state machines",
                c -> !c.isInterface() && !SeataStateMachines.tasksOf(index, c).isEmpty()));
    }

    static DescribedPredicate<JavaClass> tccActions(RunIndex index) {
        return DescribedPredicate.describe("implement Seata TCC or saga actions", c -> !c.isInterface() && ProxyAnnotations.mayHave(index, c, SagaApis.SEATA_ACTIONS));
    }
}
