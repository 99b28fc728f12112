package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.ConfigNode;
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

    /**
     * A container {@code securityContext} setting that must have this value: reported at the setting when it is set
     * otherwise, else at the container ({@code unset}: what the default means, e.g. "allows privilege escalation").
     */
    static Optional<FileViolation> requireSetting(Manifest.Container c, String key, String value, String unset, String why) {
        ConfigNode set = c.node().get("securityContext", key);
        if (set.is(value)) {
            return Optional.empty();
        }
        String target = "securityContext." + key;
        return Optional.of(set.present() ? set.violation(c.label(), target, key + " is " + set.text().orElse("set") + ": " + why)
                : c.violation(target, "container '" + c.name() + "' " + unset + ": " + why));
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
