package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Kind(name = "config-k8s-probes", title = "Long-running containers have liveness and readiness probes", category = "runtime", severity = Severity.MAJOR)
public final class ConfigK8sProbesRule extends ContainerCheckpoint {

    @Override
    boolean withInitContainers() {
        return false;
    }

    @Override
    boolean applies(Manifest workload) {
        return !workload.runsToCompletion();
    }

    @Override
    Optional<FileViolation> judge(Manifest.Container c) {
        List<String> missing = new ArrayList<>();
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            if (!c.node().get(probe).present()) {
                missing.add(probe);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(c.violation(String.join(", ", missing), "container '" + c.name() + "' has no " + String.join(" and no ", missing)
                + ": traffic reaches it before it is ready, and a hung process keeps its share of traffic and is never restarted"));
    }
}
