package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;
import dev.archgov.spi.config.SpringConfig;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

@Kind(name = "config-tracing-sampling", title = "Tracing samples deliberately (not every request, not by default)", category = "runtime",
        severity = Severity.MAJOR)
public final class ConfigTracingSamplingRule extends SpringCheckpoint<Void> {
    private static final List<String> TRACING = List.of("management.tracing", "spring.sleuth", "opentracing.jaeger", "otel");
    private static final Set<String> SAMPLE_ALL = Set.of("always_on", "parentbased_always_on");
    private static final String WHY_ALL = "every request is traced: the tracing backend and the network carry the whole production "
            + "load, and spans are dropped when it cannot keep up";

    /** Production profiles only: the named ones, or the default when none is named like production. */
    @Override
    List<String> profiles(SpringConfig app) {
        List<String> production = app.profiles().stream().filter(SpringConfig::production).toList();
        return production.isEmpty() ? List.of("") : production;
    }

    @Override
    void judge(SpringConfig app, SpringConfig.Properties s, String profile, Supplier<Void> facts, Judgement out) {
        Optional<SpringConfig.Property> tracing = s.first(TRACING.toArray(String[]::new));
        if (tracing.isEmpty() && TRACING.stream().allMatch(p -> s.under(p).isEmpty())) {
            return;
        }
        out.examined("sampling");
        Optional<SpringConfig.Property> all = s.get("opentracing.jaeger.const-sampler.decision").filter(p -> p.value().orElse("").equalsIgnoreCase("true"))
                .or(() -> s.first("management.tracing.sampling.probability", "spring.sleuth.sampler.probability").filter(p -> one(p.value())))
                .or(() -> s.get("otel.traces.sampler").filter(p -> SAMPLE_ALL.contains(p.value().orElse("").trim().toLowerCase(Locale.ROOT))));
        if (all.isPresent()) {
            out.violation(all.get().violation("sampling", all.get().key(), all.get().key() + " = " + all.get().value().orElse("") + ": "
                    + WHY_ALL + "; sample a fraction (probabilistic, a rate limit, or parent-based ratio)"));
            return;
        }
        boolean configured = s.first("management.tracing.sampling.probability", "spring.sleuth.sampler.probability", "spring.sleuth.sampler.rate",
                "opentracing.jaeger.probabilistic-sampler.sampling-rate", "opentracing.jaeger.rate-limiting-sampler.max-traces-per-second",
                "opentracing.jaeger.const-sampler.decision", "otel.traces.sampler").isPresent();
        if (!configured) {
            Optional<SpringConfig.Property> at = tracing.or(() -> TRACING.stream().flatMap(p -> s.under(p).stream()).findFirst());
            at.ifPresent(p -> out.violation(p.violation("sampling", "sampler", "tracing is configured (" + p.key() + ") but no sampler "
                    + "is: what is traced is left to the client library's default; configure a probabilistic or rate-limited sampler")));
        }
    }

    private static boolean one(Optional<String> value) {
        try {
            return value.isPresent() && Double.parseDouble(value.get().trim()) >= 1.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked) {
        super.check(files, classes, sink, checked);
        for (Manifest m : files.manifests()) {
            if (m.kind().equals("Jaeger") && m.apiVersion().startsWith("jaegertracing.io/")) {
                checked.run();
                ConfigNode strategy = m.root().get("spec", "sampling", "options", "default_strategy");
                if (!strategy.present()) {
                    sink.accept(ConfigIstioMtlsRule.at(m).violation(m.label(), "spec.sampling", "Jaeger " + m.name() + " configures no "
                            + "sampling strategy: clients fall back to their defaults; set spec.sampling.options.default_strategy"));
                } else {
                    constOne(strategy).ifPresent(at -> sink.accept(at.violation(m.label(), "default_strategy", "Jaeger " + m.name()
                            + "'s default sampling strategy is const 1: " + WHY_ALL)));
                }
            }
            for (Manifest.Container c : m.containers(false)) {
                judgeEnvironment(c, sink, checked);
            }
        }
        for (ConfigFiles.Document d : files.documents()) { // Jaeger sampling-strategies files (--sampling.strategies-file)
            ConfigNode strategy = d.root().get("default_strategy");
            List<ConfigNode> services = d.root().get("service_strategies").items();
            if (!strategy.present() && services.isEmpty() || d.root().get("kind").present()) {
                continue;
            }
            checked.run();
            constOne(strategy).ifPresent(at -> sink.accept(at.violation("default_strategy", "type", "the default sampling strategy is "
                    + "const 1: " + WHY_ALL)));
            for (ConfigNode service : services) {
                String name = service.get("service").text().orElse("?");
                constOne(service).ifPresent(at -> sink.accept(at.violation("service_strategies " + name, "type", "the sampling strategy "
                        + "of service " + name + " is const 1: " + WHY_ALL)));
            }
        }
    }

    /** A strategy of {@code type: const} with {@code param: 1}: its type's place. */
    private static Optional<ConfigNode> constOne(ConfigNode strategy) {
        return strategy.get("type").is("const") && one(strategy.get("param").text()) ? Optional.of(strategy.get("type")) : Optional.empty();
    }

    /** A container's OpenTelemetry or Jaeger client settings in its environment. */
    private static void judgeEnvironment(Manifest.Container c, Consumer<FileViolation> sink, Runnable checked) {
        Map<String, ConfigNode> env = new TreeMap<>();
        for (ConfigNode e : c.node().get("env").items()) {
            e.get("name").text().ifPresent(n -> env.put(n, e));
        }
        boolean otel = env.keySet().stream().anyMatch(n -> n.startsWith("OTEL_") && !n.equals("OTEL_SDK_DISABLED"))
                && !env.containsKey("OTEL_SDK_DISABLED") && !env.getOrDefault("OTEL_TRACES_EXPORTER", missing()).get("value").is("none");
        if (otel) {
            checked.run();
            ConfigNode sampler = env.get("OTEL_TRACES_SAMPLER");
            if (sampler == null) {
                ConfigNode first = env.entrySet().stream().filter(e -> e.getKey().startsWith("OTEL_")).findFirst().orElseThrow().getValue();
                sink.accept(first.get("name").violation(c.label(), "OTEL_TRACES_SAMPLER", "container '" + c.name() + "' configures "
                        + "OpenTelemetry without OTEL_TRACES_SAMPLER: the SDK's default, parentbased_always_on, traces every request; "
                        + "set OTEL_TRACES_SAMPLER=parentbased_traceidratio with OTEL_TRACES_SAMPLER_ARG"));
            } else if (SAMPLE_ALL.contains(sampler.get("value").text().orElse("").trim().toLowerCase(Locale.ROOT))) {
                sink.accept(sampler.get("value").violation(c.label(), "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER="
                        + sampler.get("value").text().orElse("") + ": " + WHY_ALL));
            }
        }
        ConfigNode type = env.get("JAEGER_SAMPLER_TYPE");
        if (type != null) {
            checked.run();
            ConfigNode param = env.get("JAEGER_SAMPLER_PARAM");
            if (type.get("value").is("const") && param != null && one(param.get("value").text())) {
                sink.accept(type.get("value").violation(c.label(), "JAEGER_SAMPLER_TYPE", "JAEGER_SAMPLER_TYPE=const with "
                        + "JAEGER_SAMPLER_PARAM=1: " + WHY_ALL));
            }
        }
    }

    private static ConfigNode missing() {
        return MISSING;
    }

    private static final ConfigNode MISSING = ConfigNode.missing();
}
