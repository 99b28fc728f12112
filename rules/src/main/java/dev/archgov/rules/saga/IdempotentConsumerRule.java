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
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.ProxyAnnotations;
import org.objectweb.asm.tree.MethodInsnNode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * SAGA-06: a message listener ({@code @KafkaListener}, {@code @RabbitListener}, {@code @JmsListener}) that writes to
 * the database checks idempotency first (or filters records): brokers redeliver after a rebalance or a crash.
 */
@Kind(name = "idempotent-consumer", title = "Message consumers that write are idempotent", category = "saga", severity = Severity.CRITICAL,
        params = {@Param(name = "idempotencyStore", type = ParamType.STRING_LIST,
                        description = SagaApis.IDEMPOTENCY_STORE_DOC),
                  @Param(name = "idempotentAnnotations", type = ParamType.STRING_LIST,
                        description = SagaApis.IDEMPOTENT_ANNOTATIONS_DOC)})
public final class IdempotentConsumerRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        SagaAnalysis.Evidence evidence = SagaAnalysis.Evidence.of(context.index(), context.params());
        return classes().that(listeners(context.index())).should(new FlowCondition("consume idempotently", context.index(), (index, c, sink) -> {
            CallMatcher writes = SagaAnalysis.writes(context.index(), c);
            for (JavaMethod method : c.getMethods()) {
                ProxyAnnotations.Found listener = ProxyAnnotations.find(method, SagaApis.LISTENERS);
                if (!listener.present() || listener.attribute("filter").map(Object::toString).filter(f -> !f.isBlank()).isPresent()
                        || evidence.shows(method, writes)) {
                    continue;
                }
                MethodSite.of(index, c, method.getName(), Descriptors.of(method)).ifPresent(site -> {
                    var changes = SagaAnalysis.sites(site, writes);
                    if (!changes.isEmpty()) {
                        int first = changes.stream().min(Integer::compare).orElseThrow();
                        sink.accept(site.violation(first, MethodSite.describe((MethodInsnNode) site.flow().insn(first)),
                                "message listener writes with no idempotency check: a redelivered message (rebalance, retry) "
                                        + "writes again; check a processed-message store (or SETNX the message id) first, or filter records"));
                    }
                });
            }
        }));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return listeners(context.index());
    }

    static DescribedPredicate<JavaClass> listeners(RunIndex index) {
        return DescribedPredicate.describe("have message listeners", c -> ProxyAnnotations.mayHave(index, c, SagaApis.LISTENERS));
    }
}
