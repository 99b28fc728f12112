package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.Optional;

@Kind(name = "config-k8s-read-only-root-fs", title = "Containers have a read-only root file system", category = "runtime", severity = Severity.MINOR)
public final class ConfigK8sReadOnlyRootFsRule extends ContainerCheckpoint {

    @Override
    boolean withInitContainers() {
        return true;
    }

    @Override
    Optional<FileViolation> judge(Manifest.Container c) {
        ConfigNode set = c.node().get("securityContext", "readOnlyRootFilesystem");
        if (set.is("true")) {
            return Optional.empty();
        }
        String why = ": an intruder can replace the application's files and drop tools; set "
                + "securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the application writes";
        return Optional.of(set.present() ? set.violation(c.label(), "securityContext.readOnlyRootFilesystem", "readOnlyRootFilesystem is "
                + set.text().orElse("set") + why) : c.violation("securityContext.readOnlyRootFilesystem", "container '" + c.name()
                + "' has a writable root file system" + why));
    }
}
