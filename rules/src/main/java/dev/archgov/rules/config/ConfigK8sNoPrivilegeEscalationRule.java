package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.Optional;

@Kind(name = "config-k8s-no-privilege-escalation", title = "Containers cannot gain privileges", category = "runtime", severity = Severity.MAJOR)
public final class ConfigK8sNoPrivilegeEscalationRule extends ContainerCheckpoint {

    @Override
    boolean withInitContainers() {
        return true;
    }

    @Override
    Optional<FileViolation> judge(Manifest.Container c) {
        return requireSetting(c, "allowPrivilegeEscalation", "false", "allows privilege escalation (the default)", "a setuid binary "
                + "lets the process gain more privileges than it started with; set securityContext.allowPrivilegeEscalation: false");
    }
}
