package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Kind(name = "config-k8s-resources", title = "Containers set CPU and memory requests and limits", category = "runtime", severity = Severity.MAJOR)
public final class ConfigK8sResourcesRule extends ContainerCheckpoint {

    @Override
    boolean withInitContainers() {
        return false;
    }

    @Override
    Optional<FileViolation> judge(Manifest.Container c) {
        List<String> missing = new ArrayList<>();
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (!c.node().get("resources", bound, resource).present()) {
                    missing.add(bound + "." + resource);
                }
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(c.violation("resources." + String.join(", resources.", missing), "container '" + c.name() + "' sets no "
                + String.join(", ", missing) + ": the scheduler places it blind, it can starve its neighbours or be throttled and "
                + "killed unpredictably under load; set CPU and memory requests and limits"));
    }
}
