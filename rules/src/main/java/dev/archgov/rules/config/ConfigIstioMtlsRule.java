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

@Kind(name = "config-istio-mtls", title = "Service-to-service traffic uses mutual TLS", category = "runtime", severity = Severity.CRITICAL)
public final class ConfigIstioMtlsRule extends ConfigCheckpoint {
    static final String MESH_ROOT = "istio-system";

    @Override
    void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked) {
        List<Manifest> strict = files.manifests().stream().filter(m -> m.kind().equals("PeerAuthentication") && m.isIstio())
                .filter(m -> m.root().get("spec", "mtls", "mode").is("STRICT") && !m.root().get("spec", "selector").present()).toList();
        for (Manifest m : files.manifests()) {
            if (!m.isIstio()) {
                continue;
            }
            if (m.kind().equals("PeerAuthentication")) {
                checked.run();
                ConfigNode mode = m.root().get("spec", "mtls", "mode");
                if (mode.is("DISABLE")) {
                    sink.accept(mode.violation(m.label(), "spec.mtls.mode", "PeerAuthentication " + m.name() + " turns mutual TLS off: "
                            + "its workloads accept plain text from anyone in the cluster; use STRICT"));
                }
            } else if (m.kind().equals("DestinationRule")) {
                checked.run();
                ConfigNode mode = m.root().get("spec", "trafficPolicy", "tls", "mode");
                if (mode.is("DISABLE")) {
                    sink.accept(mode.violation(m.label(), "trafficPolicy.tls.mode", "DestinationRule " + m.name() + " sends plain text to "
                            + host(m) + " (tls.mode: DISABLE): use ISTIO_MUTUAL"));
                } else if (!mode.present() && strict.stream().noneMatch(pa -> covers(pa, m))) {
                    sink.accept(at(m).violation(m.label(), "trafficPolicy.tls.mode", "DestinationRule " + m.name() + " sets no "
                            + "trafficPolicy.tls.mode and no STRICT PeerAuthentication covers its namespace: traffic to " + host(m)
                            + " may go in plain text; set tls.mode: ISTIO_MUTUAL or a mesh-wide PeerAuthentication STRICT"));
                }
            }
        }
    }

    /**
     * A STRICT PeerAuthentication without selector in the mesh's root namespace covers everything, in another its own
     * namespace; two resources that name none are applied to the same one ({@code kubectl apply -n}).
     */
    private static boolean covers(Manifest peerAuthentication, Manifest destinationRule) {
        String ns = peerAuthentication.namespace();
        return ns.equals(MESH_ROOT) || ns.equals(destinationRule.namespace());
    }

    static String host(Manifest m) {
        return m.root().get("spec", "host").text().orElse("its host");
    }

    /** A resource's findings sit at its name. */
    static ConfigNode at(Manifest m) {
        ConfigNode name = m.root().get("metadata", "name");
        return name.present() ? name : m.root().get("kind");
    }
}
