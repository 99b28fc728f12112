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
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;

import java.util.Optional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** SAGA-02: the commit and rollback methods a TCC action names exist, take the action context and return boolean. */
@Kind(name = "tcc-phase2-resolvable", locality = Locality.CLASS, title = "TCC phase-two methods resolve", category = "saga", severity = Severity.BLOCKER)
public final class TccPhase2ResolvableRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(scope(context)).should(new FlowCondition("resolve TCC phase two", context.index(), (index, c, sink) -> {
            for (JavaMethod method : c.getMethods()) {
                Optional<TccPhases> tcc = TccPhases.of(method);
                if (tcc.isEmpty()) {
                    continue;
                }
                for (String phase : tcc.get().phaseTwo()) {
                    String problem = problem(tcc.get().phase(phase), phase);
                    if (problem != null) {
                        sink.accept(new Violation(method.getFullName(), phase, c, method.getSourceCodeLocation().getLineNumber(),
                                problem + ": Seata cannot run phase two and the branch stays unresolved"));
                    }
                }
            }
            for (SeataStateMachines.Task task : SeataStateMachines.tasksOf(index, c)) {
                if (c.getMethods().stream().noneMatch(m -> m.getName().equals(task.method()))
                        && c.getAllMethods().stream().noneMatch(m -> m.getName().equals(task.method()))) {
                    sink.accept(new Violation(c.getName(), task.method(), c, 0, "state " + task.state() + " of Seata state machine '"
                            + task.machine() + "' (" + task.file() + ") calls " + task.bean() + "." + task.method() + "(), which "
                            + c.getSimpleName() + " does not have: the state machine fails when it reaches that state"));
                }
            }
        }));
    }

    private static String problem(Optional<JavaMethod> phase, String name) {
        if (phase.isEmpty()) {
            return "phase-two method " + name + "() does not exist on the action";
        }
        JavaMethod m = phase.get();
        if (m.getRawParameterTypes().stream().noneMatch(t -> SagaApis.ACTION_CONTEXT.contains(t.getName()))) {
            return name + "() does not take the BusinessActionContext";
        }
        String returns = m.getRawReturnType().getName();
        if (!returns.equals("boolean") && !returns.equals("java.lang.Boolean")) {
            return name + "() returns " + m.getRawReturnType().getSimpleName() + ", not boolean";
        }
        return null;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return new TccFenceOrGuardRule().scope(context);
    }
}
