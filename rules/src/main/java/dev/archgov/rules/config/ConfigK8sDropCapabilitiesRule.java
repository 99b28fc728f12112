package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

@Kind(name = "config-k8s-drop-capabilities", title = "Containers drop all Linux capabilities", category = "runtime", severity = Severity.MAJOR)
public final class ConfigK8sDropCapabilitiesRule extends ContainerCheckpoint {
    private static final Set<String> DANGEROUS = Set.of("ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE");

    @Override
    boolean withInitContainers() {
        return true;
    }

    @Override
    Optional<FileViolation> judge(Manifest.Container c) {
        ConfigNode caps = c.node().get("securityContext", "capabilities");
        for (ConfigNode added : caps.get("add").items()) {
            String cap = added.text().orElse("").toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
            if (DANGEROUS.contains(cap)) {
                return Optional.of(added.violation(c.label(), "securityContext.capabilities.add", "container '" + c.name() + "' adds the "
                        + "capability " + cap + ": enough to take over the node; grant a narrower one (NET_BIND_SERVICE, …)"));
            }
        }
        boolean dropsAll = caps.get("drop").items().stream().anyMatch(d -> d.is("ALL"));
        if (dropsAll) {
            return Optional.empty();
        }
        return Optional.of(c.violation("securityContext.capabilities.drop", "container '" + c.name() + "' keeps the runtime's default "
                + "Linux capabilities (NET_RAW, CHOWN, SETUID, …): set securityContext.capabilities.drop: [ALL] and add back only "
                + "what it needs"));
    }
}
