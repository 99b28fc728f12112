package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
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
        return requireSetting(c, "readOnlyRootFilesystem", "true", "has a writable root file system", "an intruder can replace the "
                + "application's files and drop tools; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where "
                + "the application writes");
    }
}
