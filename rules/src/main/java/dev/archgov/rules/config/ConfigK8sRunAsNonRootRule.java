package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.Optional;

@Kind(name = "config-k8s-run-as-non-root", title = "Containers run as a non-root user", category = "runtime", severity = Severity.MAJOR)
public final class ConfigK8sRunAsNonRootRule extends ContainerCheckpoint {

    @Override
    boolean withInitContainers() {
        return true;
    }

    @Override
    Optional<FileViolation> judge(Manifest.Container c) {
        ConfigNode nonRoot = c.security("runAsNonRoot");
        if (nonRoot.is("true") || c.security("runAsUser").text().map(u -> u.matches("[1-9][0-9]*")).orElse(false)) {
            return Optional.empty();
        }
        String why = ": a process that breaks out of the application is root in the container (and on the node, with a "
                + "kernel flaw); set securityContext.runAsNonRoot: true (and a non-zero runAsUser) on the container or the pod";
        return Optional.of(nonRoot.is("false") ? nonRoot.violation(c.label(), "securityContext.runAsNonRoot", "runAsNonRoot is false" + why)
                : c.violation("securityContext.runAsNonRoot", "container '" + c.name() + "' may run as root" + why));
    }
}
