package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.Optional;

@Kind(name = "config-k8s-not-privileged", title = "No container is privileged", category = "runtime", severity = Severity.CRITICAL)
public final class ConfigK8sNotPrivilegedRule extends ContainerCheckpoint {

    @Override
    boolean withInitContainers() {
        return true;
    }

    @Override
    Optional<FileViolation> judge(Manifest.Container c) {
        ConfigNode set = c.node().get("securityContext", "privileged");
        return set.is("true") ? Optional.of(set.violation(c.label(), "securityContext.privileged", "container '" + c.name() + "' is "
                + "privileged: it is root on the node, with every device and capability; remove privileged: true and grant the one "
                + "capability it needs")) : Optional.empty();
    }
}
