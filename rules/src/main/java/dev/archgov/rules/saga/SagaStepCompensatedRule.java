package dev.archgov.rules.saga;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * SAGA-03: every forward step of an Eventuate Tram saga definition has a compensation, except the last one when it is
 * the pivot ({@code lastStepIsPivot}, default true). The fluent definition compiles to its calls in order.
 */
@Kind(name = "saga-step-compensated", locality = Locality.CLASS, title = "Saga steps are compensated", category = "saga", severity = Severity.CRITICAL,
        params = @Param(name = "lastStepIsPivot", type = ParamType.BOOLEAN,
                        description = "the last forward step is the pivot and needs no compensation (default true)"))
public final class SagaStepCompensatedRule extends BaseRule {
    private static final String DSL = "io/eventuate/tram/sagas/simpledsl/";
    private static final Set<String> FORWARD = Set.of("invokeParticipant", "invokeLocal", "notifyParticipant");
    private static final CallMatcher DSL_CALL = m -> m.owner.startsWith(DSL);

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
