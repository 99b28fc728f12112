package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.SpringConfig;

import java.util.Optional;
import java.util.function.Supplier;

@Kind(name = "config-seata-tx-group", title = "Seata clients name their transaction service group", category = "runtime",
        severity = Severity.CRITICAL)
public final class ConfigSeataTxGroupRule extends SpringCheckpoint<Optional<String>> {

    @Override
    Optional<String> classFacts(JavaClasses classes) {
        return seataUser(classes);
    }

    @Override
    void judge(SpringConfig app, SpringConfig.Properties settings, String profile, Supplier<Optional<String>> facts, Judgement out) {
        if (settings.value("seata.enabled").map(v -> v.trim().equalsIgnoreCase("false")).orElse(false)) {
            return;
        }
        Optional<String> user = facts.get();
        if (!settings.has("seata") && user.isEmpty()) {
            return;
        }
        out.examined("seata.tx-service-group");
        if (settings.value("seata.tx-service-group").filter(v -> !v.isBlank()).isPresent()
                || settings.value("spring.cloud.alibaba.seata.tx-service-group").filter(v -> !v.isBlank()).isPresent()) {
            return;
        }
        placeFor(app, settings, "seata", "spring.cloud.alibaba.seata").ifPresent(at -> out.violation(at.violation("seata",
                "tx-service-group", "Seata is " + user.map(u -> "used (" + u + ")").orElse("configured") + " but seata.tx-service-group "
                        + "is not set: the client finds no transaction coordinator group, so global transactions fail to begin "
                        + "or their branches do not roll back; set seata.tx-service-group and its service.vgroup-mapping")));
    }

    /** An analysed class that uses Seata's API (its annotations included). */
    private static Optional<String> seataUser(JavaClasses classes) {
        for (JavaClass c : classes) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getName();
                if (target.startsWith("io.seata.") || target.startsWith("org.apache.seata.")) {
                    return Optional.of(c.getSimpleName() + " uses " + d.getTargetClass().getSimpleName());
                }
            }
        }
        return Optional.empty();
    }
}
