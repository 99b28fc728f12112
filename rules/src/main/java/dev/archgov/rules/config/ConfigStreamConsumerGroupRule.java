package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.SpringConfig;

import java.util.function.Supplier;
import java.util.regex.Pattern;

@Kind(name = "config-stream-consumer-group", title = "Spring Cloud Stream consumer bindings have a group", category = "runtime",
        severity = Severity.CRITICAL)
public final class ConfigStreamConsumerGroupRule extends SpringCheckpoint<Void> {
    private static final String BINDINGS = "spring.cloud.stream.bindings";
    private static final Pattern CONSUMER = Pattern.compile("input|.*-in-\\d+");
    private static final Pattern PRODUCER = Pattern.compile("output|.*-out-\\d+");

    @Override
    void judge(SpringConfig app, SpringConfig.Properties settings, String profile, Supplier<Void> facts, Judgement out) {
        boolean defaultGroup = settings.get("spring.cloud.stream.default.group").flatMap(SpringConfig.Property::value).filter(v -> !v.isBlank()).isPresent();
        settings.children(BINDINGS).forEach((name, at) -> {
            String prefix = BINDINGS + "." + name;
            boolean consumer = CONSUMER.matcher(name).matches() || settings.has(prefix + ".consumer");
            if (!consumer || PRODUCER.matcher(name).matches() || settings.has(prefix + ".producer")) {
                return;
            }
            out.examined(prefix);
            if (!defaultGroup && settings.value(prefix + ".group").filter(v -> !v.isBlank()).isEmpty()) {
                out.violation(at.violation(prefix, "group", "consumer binding '" + name + "' has no group: each instance subscribes as "
                        + "its own anonymous group, so every instance receives every message (duplicate processing) and what is "
                        + "published while the service is down is lost; set " + prefix + ".group"));
            }
        });
    }
}
