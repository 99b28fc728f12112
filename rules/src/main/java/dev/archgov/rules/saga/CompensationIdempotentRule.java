package dev.archgov.rules.saga;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
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
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.ProxyAnnotations;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * SAGA-04: compensations are retried by every framework, so a compensating command must say which transaction it
 * undoes: its class has a correlation field ({@code correlationFields}; default transactionId, xid, sagaId,
 * correlationId, transferId, requestId, idempotencyKey, messageId, eventId, operationId; also as a camel-case word
 * part, {@code bankTransferId}), or one of the saga's own association keys. Compensating commands are those an Axon
 * saga sends from a failure handler (that very overload: the event's name says Failed, Rejected, Cancelled, Aborted,
 * TimedOut, Expired) or whose name says so (Refund, Cancel, Compensate, Release, Revert, Undo, Rollback), and the
 * commands built by Eventuate {@code withCompensation(...)} targets.
 */
@Kind(name = "compensation-idempotent", locality = Locality.CLASS, title = "Compensating commands carry the transaction's id", category = "saga", severity = Severity.MAJOR,
        params = @Param(name = "correlationFields", type = ParamType.STRING_LIST,
                        description = "field names that identify the transaction a compensation undoes (case-insensitive)"))
public final class CompensationIdempotentRule extends BaseRule {
    private static final Pattern FAILURE_EVENT = Pattern.compile(".*(Failed|Failure|Rejected|Cancell?ed|Aborted|TimedOut|Timeout|Expired).*");
    private static final Pattern COMPENSATING = Pattern.compile("(Refund|Cancel|Compensat|Release|Revert|Undo|Rollback|Reverse).*");

    @Override
    public ArchRule compile(RuleContext context) {
        List<String> names = context.params().strings("correlationFields").isEmpty()
                ? SagaApis.DEFAULT_CORRELATION : context.params().strings("correlationFields");
        return classes().that(compensates(context.index())).should(new FlowCondition("identify compensations", context.index(), (index, c, sink) -> check(index, c, names, sink)));
    }

    static void check(RunIndex index, JavaClass c, List<String> configured, Consumer<Violation> sink) {
        List<String> names = new ArrayList<>(configured);
        names.addAll(associations(index, c)); // what the saga itself is associated by identifies the transaction too
        Set<String> compensationMethods = new HashSet<>(); // name + descriptor: Axon handlers are overloads of on(...)/handle(...)
        for (JavaMethod m : c.getMethods()) {
            ProxyAnnotations.Found handler = ProxyAnnotations.find(m, SagaApis.SAGA_HANDLER);
            if (handler.present() && m.getRawParameterTypes().stream().anyMatch(t -> FAILURE_EVENT.matcher(t.getSimpleName()).matches())) {
                compensationMethods.add(m.getName() + Descriptors.of(m));
            }
        }
        MethodSite.forEach(index, c, (Predicate<MethodNode>) m -> true, site -> {
            for (int i = 0; i < site.flow().size(); i++) {
                if (site.flow().insn(i) instanceof InvokeDynamicInsnNode indy && isCompensationArgument(site, i)
                        && indy.bsmArgs.length > 1 && indy.bsmArgs[1] instanceof Handle target && target.getOwner().equals(site.flow().ownerInternalName())) {
                    compensationMethods.add(target.getName() + target.getDesc());
                }
            }
        });
        Set<JavaClass> reported = new HashSet<>();
        for (JavaConstructorCall call : c.getConstructorCallsFromSelf()) {
            JavaClass command = call.getTargetOwner();
            String origin = call.getOrigin().getName() + Descriptors.of(call.getOrigin());
            boolean compensating = compensationMethods.contains(origin) || COMPENSATING.matcher(command.getSimpleName()).matches()
                    && call.getOrigin() instanceof JavaMethod jm && ProxyAnnotations.find(jm, SagaApis.SAGA_HANDLER).present();
            if (!compensating || !command.getSimpleName().matches(".*(Command|Event|Request|Message)$") || !command.isFullyImported()
                    || !reported.add(command)) {
                continue;
            }
            if (SagaAnalysis.correlationField(command, names).isEmpty()) {
                sink.accept(new Violation(call.getOrigin().getFullName(), command.getName(), c, call.getLineNumber(),
                        "compensating " + command.getSimpleName() + " carries no transaction or correlation id (" + String.join(", ", names)
                                + "): a retried compensation cannot be recognised and undoes twice; add the id and check it on receipt"));
            }
        }
    }

    /**
     * The saga's association keys: {@code @SagaEventHandler(associationProperty = …)} values and the constant keys of
     * {@code SagaLifecycle.associateWith("shipmentId", …)}. A command carrying one names the saga instance it belongs
     * to (a shipment created for this saga alone), so a retried compensation is recognisable.
     */
    private static Set<String> associations(RunIndex index, JavaClass c) {
        Set<String> keys = new HashSet<>();
        for (JavaMethod m : c.getMethods()) {
            ProxyAnnotations.find(m, SagaApis.SAGA_HANDLER).attribute("associationProperty").map(Object::toString)
                    .filter(k -> !k.isBlank()).ifPresent(keys::add);
        }
        MethodSite.forEach(index, c, MethodSite.calling(m -> m.name.equals("associateWith")), site -> {
            for (int call : site.flow().calls(m -> m.name.equals("associateWith"))) {
                site.flow().constantArgument(call, 0).filter(String.class::isInstance).map(String.class::cast).ifPresent(keys::add);
            }
        });
        return keys;
    }

    /** Whether the lambda or method reference made at {@code indy} is passed to {@code withCompensation}/{@code addCompensation}. */
    private static boolean isCompensationArgument(MethodSite site, int indy) {
        for (int call : site.flow().calls(m -> m.name.equals("withCompensation") || m.name.equals("addCompensation"))) {
            MethodInsnNode m = (MethodInsnNode) site.flow().insn(call);
            int args = Type.getArgumentTypes(m.desc).length;
            for (int a = 0; a < args; a++) {
                if (site.flow().argument(call, a).roots().contains(indy)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return compensates(context.index());
    }

    private static DescribedPredicate<JavaClass> compensates(RunIndex index) {
        return DescribedPredicate.describe("define compensations", c -> ProxyAnnotations.mayHave(index, c, SagaApis.SAGA_HANDLER)
                || Calls.of(index, c).anyNamed("withCompensation", "addCompensation"));
    }
}
