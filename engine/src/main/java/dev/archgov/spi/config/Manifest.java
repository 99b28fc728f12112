package dev.archgov.spi.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Kubernetes-style resource ({@code apiVersion} and {@code kind} at the top of a YAML document): a workload, an
 * Istio {@code DestinationRule}, a {@code Jaeger} instance, … One document of a multi-document file, or an item of a
 * {@code kind: List}.
 */
public record Manifest(String apiVersion, String kind, String name, String namespace, ConfigNode root) {

    /** The workload kinds whose pods the Kubernetes checks read. */
    public static final Set<String> WORKLOADS = Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
            "ReplicationController");

    /** {@code Deployment shop/api}: kind, namespace (when given) and name, stable across edits. */
    public String label() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    public boolean isWorkload() {
        return WORKLOADS.contains(kind) && root.get("spec").present();
    }

    /** Whether the API group is Istio's ({@code networking.istio.io/…}, {@code security.istio.io/…}). */
    public boolean isIstio() {
        return apiVersion.contains("istio.io/");
    }

    /** The pod spec of a workload: its own {@code spec}, a template's, or a CronJob's job template's. */
    public Optional<ConfigNode> podSpec() {
        if (!isWorkload()) {
            return Optional.empty();
        }
        ConfigNode spec = switch (kind) {
            case "Pod" -> root.get("spec");
            case "CronJob" -> root.get("spec", "jobTemplate", "spec", "template", "spec");
            default -> root.get("spec", "template", "spec");
        };
        return spec.present() ? Optional.of(spec) : Optional.empty();
    }

    /** Whether the pods run to completion (a Job, a CronJob): no liveness or readiness to probe. */
    public boolean runsToCompletion() {
        return kind.equals("Job") || kind.equals("CronJob");
    }

    /** The containers of the pod spec, and its init containers when {@code withInit}. */
    public List<Container> containers(boolean withInit) {
        List<Container> result = new ArrayList<>();
        podSpec().ifPresent(spec -> {
            spec.get("containers").items().forEach(c -> result.add(new Container(this, spec, c, false)));
            if (withInit) {
                spec.get("initContainers").items().forEach(c -> result.add(new Container(this, spec, c, true)));
            }
        });
        return result;
    }

    /** One container of a workload, with the pod spec it belongs to (pod-level settings apply to it too). */
    public record Container(Manifest workload, ConfigNode podSpec, ConfigNode node, boolean init) {
        public String name() {
            return node.get("name").text().orElse("?");
        }

        /** {@code Deployment shop/api container api}: the finding's element. */
        public String label() {
            return workload.label() + (init ? " init container " : " container ") + name();
        }

        /** The container's {@code securityContext} setting, else the pod's (where Kubernetes has it at both levels). */
        public ConfigNode security(String key) {
            ConfigNode own = node.get("securityContext", key);
            return own.present() ? own : podSpec.get("securityContext", key);
        }

        /** A violation at the container's {@code name}. */
        public FileViolation violation(String target, String message) {
            ConfigNode at = node.get("name").present() ? node.get("name") : node;
            return at.violation(label(), target, message);
        }
    }
}
