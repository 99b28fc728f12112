package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.Optional;
import java.util.function.Consumer;

/** A checkpoint over every container of every Kubernetes workload (Pod, Deployment, StatefulSet, …, CronJob). */
abstract class ContainerCheckpoint extends ConfigCheckpoint {

    /** Whether init containers are judged too. */
    abstract boolean withInitContainers();

    /** The container's problem, if any. */
    abstract Optional<FileViolation> judge(Manifest.Container container);

    /** Whether the workload's containers are judged at all. */
    boolean applies(Manifest workload) {
        return true;
    }

    @Override
    final void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked) {
        for (Manifest m : files.manifests()) {
            if (!m.isWorkload() || !applies(m)) {
                continue;
            }
            for (Manifest.Container c : m.containers(withInitContainers())) {
                checked.run();
                judge(c).ifPresent(sink);
            }
        }
    }
}
