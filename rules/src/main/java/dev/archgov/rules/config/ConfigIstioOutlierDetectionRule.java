package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.List;
import java.util.function.Consumer;

@Kind(name = "config-istio-outlier-detection", title = "Destinations eject failing instances (outlier detection)", category = "runtime",
        severity = Severity.MAJOR)
public final class ConfigIstioOutlierDetectionRule extends ConfigCheckpoint {

    @Override
    void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked) {
        for (Manifest m : files.manifests()) {
            if (!m.isIstio() || !m.kind().equals("DestinationRule")) {
                continue;
            }
            checked.run();
            if (m.root().get("spec", "trafficPolicy", "outlierDetection").present()) {
                continue;
            }
            List<ConfigNode> subsets = m.root().get("spec", "subsets").items();
            if (!subsets.isEmpty() && subsets.stream().allMatch(s -> s.get("trafficPolicy", "outlierDetection").present())) {
                continue;
            }
            sink.accept(ConfigIstioMtlsRule.at(m).violation(m.label(), "trafficPolicy.outlierDetection", "DestinationRule " + m.name()
                    + " has no outlierDetection: an instance of " + ConfigIstioMtlsRule.host(m) + " that fails every call keeps getting "
                    + "its share of the traffic; configure trafficPolicy.outlierDetection (consecutive5xxErrors, interval, "
                    + "baseEjectionTime)"));
        }
    }
}
