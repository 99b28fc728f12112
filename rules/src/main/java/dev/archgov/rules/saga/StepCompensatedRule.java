package dev.archgov.rules.saga;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.spi.RunIndex;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.flow.CallMatcher;
import dev.archgov.engine.flow.MethodFlow;
import dev.archgov.engine.spi.ParamSpec;
import dev.archgov.engine.spi.ParamType;
import dev.archgov.engine.spi.RuleContext;
import dev.archgov.engine.spi.RuleMeta;
import dev.archgov.rules.support.Calls;
import dev.archgov.rules.support.BaseRule;
import dev.archgov.rules.support.FlowCondition;
import dev.archgov.rules.support.MethodSite;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * SAGA-03: every forward step of an Eventuate Tram saga definition has a compensation, except the last one when it is
 * the pivot ({@code lastStepIsPivot}, default true). The fluent definition compiles to its calls in order.
 */
public final class StepCompensatedRule extends BaseRule {
    private static final RuleMeta META = RuleMeta.of(StepCompensatedRule.class,
            "Saga steps are compensated", "saga", Severity.CRITICAL);
    private static final String DSL = "io/eventuate/tram/sagas/simpledsl/";
    private static final Set<String> FORWARD = Set.of("invokeParticipant", "invokeLocal", "notifyParticipant");
    private static final CallMatcher DSL_CALL = m -> m.owner.startsWith(DSL);

    public StepCompensatedRule() {
        super("saga-step-compensated", META, List.of(ParamSpec.optional("lastStepIsPivot", ParamType.BOOLEAN,
                "the last forward step is the pivot and needs no compensation (default true)")));
    }

    @Override
    public ArchRule compile(RuleContext context) {
        boolean pivot = context.params().bool("lastStepIsPivot", true);
        return classes().that(definesSagas(context.index())).should(new FlowCondition("compensate saga steps", context.index(), (index, c, sink) ->
                MethodSite.forEach(index, c, DSL_CALL, site -> {
                    MethodFlow flow = site.flow();
                    List<Integer> uncompensated = new ArrayList<>();
                    Integer forward = null;
                    boolean compensated = false;
                    for (int call : flow.calls(DSL_CALL)) {
                        String name = ((MethodInsnNode) flow.insn(call)).name;
                        if (name.equals("step") || name.equals("build")) {
                            if (forward != null && !compensated) {
                                uncompensated.add(forward);
                            }
                            forward = null;
                            compensated = false;
                        } else if (FORWARD.contains(name)) {
                            forward = call;
                        } else if (name.equals("withCompensation")) {
                            compensated = true;
                        }
                    }
                    if (pivot && !uncompensated.isEmpty()) {
                        uncompensated.remove(uncompensated.size() - 1);
                    }
                    for (int step : uncompensated) {
                        sink.accept(site.violation(step, MethodSite.describe((MethodInsnNode) flow.insn(step)),
                                "saga step without compensation: if a later step fails, this one stays applied; add withCompensation(...)"));
                    }
                })));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return definesSagas(context.index());
    }

    private static DescribedPredicate<JavaClass> definesSagas(RunIndex index) {
        return DescribedPredicate.describe("define Eventuate sagas", c -> Calls.of(index, c).any(List.of("step"),
                call -> call.getTargetOwner().getName().startsWith("io.eventuate.tram.sagas.simpledsl.")));
    }
}
