package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

@Kind(name = "config-istio-route-resilience", title = "VirtualService routes set a timeout and retries", category = "runtime",
        severity = Severity.MAJOR)
public final class ConfigIstioRouteResilienceRule extends ConfigCheckpoint {

    @Override
    void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked) {
        for (Manifest m : files.manifests()) {
            if (!m.isIstio() || !m.kind().equals("VirtualService")) {
                continue;
            }
            List<ConfigNode> routes = m.root().get("spec", "http").items();
            for (int i = 0; i < routes.size(); i++) {
                ConfigNode route = routes.get(i);
                if (route.get("redirect").present() || route.get("directResponse").present() || !route.get("route").present()) {
                    continue; // answered by the proxy itself: no upstream call to bound
                }
                checked.run();
                List<String> missing = new ArrayList<>();
                for (String key : List.of("timeout", "retries")) {
                    if (!route.get(key).present()) {
                        missing.add(key);
                    }
                }
                if (missing.isEmpty()) {
                    continue;
                }
                String name = route.get("name").text().map(n -> " '" + n + "'").orElse("");
                ConfigNode at = route.get("name").present() ? route.get("name") : route;
                sink.accept(at.violation(m.label() + " http[" + route.get("name").text().orElse(String.valueOf(i)) + "]", String.join(", ", missing),
                        "HTTP route" + name + " of VirtualService " + m.name() + " sets no " + String.join(" and no ", missing)
                                + ": a slow upstream holds callers without bound and one failed attempt fails the request; set "
                                + "timeout and retries (attempts, perTryTimeout, retryOn)"));
            }
        }
    }
}
