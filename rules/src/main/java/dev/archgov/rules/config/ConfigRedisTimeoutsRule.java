package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.ConfigNode;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.SpringConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.Consumer;

@Kind(name = "config-redis-timeouts", title = "Redis and Redisson clients have timeouts", category = "runtime", severity = Severity.MAJOR)
public final class ConfigRedisTimeoutsRule extends SpringCheckpoint<Void> {
    static final List<String> REDISSON_SERVERS = List.of("singleServerConfig", "clusterServersConfig", "sentinelServersConfig",
            "masterSlaveServersConfig", "replicatedServersConfig");

    @Override
    void judge(SpringConfig app, SpringConfig.Properties settings, String profile, Supplier<Void> facts, Judgement out) {
        for (String prefix : List.of("spring.data.redis", "spring.redis")) {
            List<SpringConfig.Property> under = settings.under(prefix);
            boolean client = under.stream().anyMatch(p -> !SpringConfig.normalize(p.key()).startsWith(SpringConfig.normalize(prefix + ".redisson")));
            if (!client) {
                continue;
            }
            out.examined(prefix);
            if (settings.get("spring.data.redis.timeout").isEmpty() && settings.get("spring.redis.timeout").isEmpty()) {
                placeFor(app, settings, prefix).ifPresent(at -> out.violation(at.violation(prefix, "timeout", prefix + ".timeout is not "
                        + "set: Lettuce waits 60 s for a command by default, so a slow or failing Redis holds every request thread for "
                        + "a minute; set a timeout the caller can afford (e.g. 500ms)")));
            }
            return;
        }
    }

    @Override
    void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked) {
        super.check(files, classes, sink, checked);
        for (ConfigFiles.Document d : files.documents()) { // a Redisson configuration file (redisson.yml)
            for (String server : REDISSON_SERVERS) {
                ConfigNode section = d.root().get(server);
                if (!section.isMapping()) {
                    continue;
                }
                checked.run();
                List<String> missing = new ArrayList<>();
                for (String key : List.of("timeout", "connectTimeout")) {
                    if (!section.get(key).present()) {
                        missing.add(key);
                    }
                }
                if (!missing.isEmpty()) {
                    sink.accept(section.violation(server, String.join(", ", missing), "Redisson " + server + " sets no "
                            + String.join(" and no ", missing) + ": the defaults (3 s per attempt, 4 attempts; 10 s to connect) "
                            + "decide how long a request waits for a slow Redis; set what the caller can afford"));
                }
            }
        }
    }
}
