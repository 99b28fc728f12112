package dev.archgov.rules.saga;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.ProxyAnnotations;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * SAGA-06: a message listener that writes to the database checks idempotency first (or filters records): brokers
 * redeliver after a rebalance, a crash or a failed acknowledgement. Listeners: Spring Kafka, RabbitMQ and JMS
 * listener annotations, Spring Cloud Stream {@code @StreamListener}, RocketMQ's {@code RocketMQListener.onMessage}
 * and its client's {@code MessageListenerConcurrently/Orderly.consumeMessage}, Spring AMQP's {@code MessageListener}.
 * Writes are seen through the application's services and helpers (method summaries): repository, mapper and
 * MyBatis-Plus service writes, {@code JdbcTemplate}, {@code EntityManager}. A service that consults an idempotency
 * record itself (SETNX, {@code existsBy*} …) is taken to guard its own writes, and so is a write behind a check of
 * stored state (a status read back from the database, or the row count of a conditional update): a redelivery finds
 * the state already changed and writes nothing. A lookup of a key made from the message (a cache {@code get} or
 * {@code hasKey}, also through the application's Redis facade) whose result decides a branch first is a
 * processed-message check.
 */
@Kind(name = "idempotent-consumer", locality = Locality.CLASS, title = "Message consumers that write are idempotent", category = "saga", severity = Severity.CRITICAL,
        params = {@Param(name = "idempotencyStore", type = ParamType.CODE_GLOBS,
                        description = SagaApis.IDEMPOTENCY_STORE_DOC),
                  @Param(name = "idempotentAnnotations", type = ParamType.STRING_LIST,
                        description = SagaApis.IDEMPOTENT_ANNOTATIONS_DOC)})
public final class IdempotentConsumerRule extends BaseRule {
    /** Listener interfaces and the method each one's broker calls. */
    private static final Map<String, String> LISTENER_TYPES = Map.of(
            "org.apache.rocketmq.spring.core.RocketMQListener", "onMessage",
            "org.apache.rocketmq.spring.core.RocketMQReplyListener", "onMessage",
            "org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently", "consumeMessage",
            "org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly", "consumeMessage",
            "org.springframework.amqp.core.MessageListener", "onMessage",
            "org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener", "onMessage");
    private static final List<String> ANNOTATIONS = List.of("org.springframework.kafka.annotation.KafkaListener",
            "org.springframework.amqp.rabbit.annotation.RabbitListener", "org.springframework.jms.annotation.JmsListener",
            "org.springframework.cloud.stream.annotation.StreamListener");

    @Override
    public ArchRule compile(RuleContext context) {
        SagaAnalysis.Evidence evidence = SagaAnalysis.Evidence.of(context.index(), context.params());
        return classes().that(listeners(context.index())).should(new FlowCondition("consume idempotently", context.index(), (index, c, sink) -> {
            for (JavaMethod method : c.getMethods()) {
                if (!isListener(index, c, method) || ProxyAnnotations.find(method, ANNOTATIONS).attribute("filter").map(Object::toString)
                        .filter(f -> !f.isBlank()).isPresent() || evidence.annotated(method)) {
                    continue;
                }
                MethodSite.of(index, c, method.getName(), Descriptors.of(method)).ifPresent(site -> SagaAnalysis.unguardedWrites(site, evidence)
                        .forEach(write -> sink.accept(site.violation(write, MethodSite.describe((MethodInsnNode) site.flow().insn(write)),
                                "message listener writes with no idempotency check: a redelivered message (rebalance, retry) "
                                        + "writes again; check a processed-message store (or SETNX the message id) first, or filter records"))));
            }
        }));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return listeners(context.index());
    }

    /** The broker's entry point: an annotated listener method, or the listener interface's method (not its bridge). */
    private static boolean isListener(RunIndex index, JavaClass c, JavaMethod method) {
        if (ProxyAnnotations.find(method, ANNOTATIONS).present()) {
            return true;
        }
        if (method.getModifiers().contains(JavaModifier.BRIDGE) || method.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            return false;
        }
        Set<String> supertypes = Supertypes.of(index, c);
        return LISTENER_TYPES.entrySet().stream().anyMatch(e -> supertypes.contains(e.getKey()) && e.getValue().equals(method.getName()));
    }

    static DescribedPredicate<JavaClass> listeners(RunIndex index) {
        return DescribedPredicate.describe("have message listeners", c -> ProxyAnnotations.mayHave(index, c, ANNOTATIONS)
                || !c.isInterface() && Supertypes.isAny(index, c, LISTENER_TYPES.keySet()));
    }
}
