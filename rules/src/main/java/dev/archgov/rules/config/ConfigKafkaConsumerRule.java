package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.SpringConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

@Kind(name = "config-kafka-consumer", title = "Kafka consumers have a group id and a deliberate auto-commit", category = "runtime",
        severity = Severity.MAJOR)
public final class ConfigKafkaConsumerRule extends SpringCheckpoint<List<JavaAnnotation<?>>> {
    static final String KAFKA_LISTENER = "org.springframework.kafka.annotation.KafkaListener";

    @Override
    List<JavaAnnotation<?>> classFacts(JavaClasses classes) {
        return listeners(classes);
    }

    @Override
    void judge(SpringConfig app, SpringConfig.Properties settings, String profile, Supplier<List<JavaAnnotation<?>>> facts, Judgement out) {
        List<JavaAnnotation<?>> listeners = facts.get();
        if (listeners.isEmpty() && settings.under("spring.kafka.consumer").isEmpty()) {
            return;
        }
        out.examined("spring.kafka.consumer");
        var place = placeFor(app, settings, "spring.kafka.consumer", "spring.kafka");
        if (place.isEmpty()) {
            return;
        }
        boolean groupInConfig = settings.value("spring.kafka.consumer.group-id").filter(v -> !v.isBlank()).isPresent();
        boolean groupOnEveryListener = !listeners.isEmpty() && listeners.stream().allMatch(ConfigKafkaConsumerRule::namesGroup);
        if (!groupInConfig && !groupOnEveryListener) {
            out.violation(place.get().violation("spring.kafka.consumer", "group-id", "Kafka consumers have no group id"
                    + (listeners.isEmpty() ? "" : " (" + listeners.stream().filter(a -> !namesGroup(a)).count() + " @KafkaListener without groupId)")
                    + ": instances do not share the partitions as one group, offsets are not kept per group and a restart reads from "
                    + "the reset position; set spring.kafka.consumer.group-id"));
        }
        if (settings.get("spring.kafka.consumer.enable-auto-commit").isEmpty()
                && settings.get("spring.kafka.consumer.properties.enable.auto.commit").isEmpty()) {
            out.violation(place.get().violation("spring.kafka.consumer", "enable-auto-commit", "spring.kafka.consumer.enable-auto-commit is "
                    + "not set: whether offsets are committed before the listener has finished depends on client and Spring Kafka "
                    + "versions (a crash then loses or repeats messages); set it deliberately (false, with the container's ack mode)"));
        }
    }

    private static List<JavaAnnotation<?>> listeners(JavaClasses classes) {
        List<JavaAnnotation<?>> found = new ArrayList<>();
        for (JavaClass c : classes) {
            c.tryGetAnnotationOfType(KAFKA_LISTENER).ifPresent(found::add);
            c.getMethods().forEach(m -> m.tryGetAnnotationOfType(KAFKA_LISTENER).ifPresent(found::add));
        }
        return found;
    }

    /** {@code groupId = "…"}, or an {@code id} used as the group (Spring Kafka's {@code idIsGroup}, true unless set false). */
    private static boolean namesGroup(JavaAnnotation<?> listener) {
        boolean groupId = listener.get("groupId").filter(v -> v instanceof String s && !s.isBlank()).isPresent();
        boolean idIsGroup = listener.get("idIsGroup").map(v -> !Boolean.FALSE.equals(v)).orElse(true);
        boolean id = listener.get("id").filter(v -> v instanceof String s && !s.isBlank()).isPresent();
        return groupId || id && idIsGroup;
    }
}
