package dev.archgov.rules.config;

import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.SpringConfig;

import java.util.List;
import java.util.function.Supplier;
import java.util.Locale;

@Kind(name = "config-datasource-pool", title = "The datasource pool has a maximum size and a connection timeout", category = "runtime",
        severity = Severity.MAJOR)
public final class ConfigDatasourcePoolRule extends SpringCheckpoint<Void> {

    @Override
    void judge(SpringConfig app, SpringConfig.Properties settings, String profile, Supplier<Void> facts, Judgement out) {
        var url = settings.first("spring.datasource.url", "spring.datasource.jdbc-url");
        if (url.isEmpty()) {
            return;
        }
        out.examined("spring.datasource");
        String type = settings.value("spring.datasource.type").orElse("").toLowerCase(Locale.ROOT);
        List<String> keys;
        String pool;
        if (type.contains("druid") || settings.has("spring.datasource.druid")) {
            pool = "Druid";
            keys = List.of("spring.datasource.druid.max-active", "spring.datasource.druid.max-wait");
        } else if (type.contains("dbcp2") || settings.has("spring.datasource.dbcp2")) {
            pool = "DBCP2";
            keys = List.of("spring.datasource.dbcp2.max-total", "spring.datasource.dbcp2.max-wait-millis");
        } else if (type.contains("tomcat") || settings.has("spring.datasource.tomcat")) {
            pool = "Tomcat JDBC";
            keys = List.of("spring.datasource.tomcat.max-active", "spring.datasource.tomcat.max-wait");
        } else {
            pool = "Hikari";
            keys = List.of("spring.datasource.hikari.maximum-pool-size", "spring.datasource.hikari.connection-timeout");
        }
        List<String> missing = missing(settings, keys.toArray(String[]::new));
        if (!missing.isEmpty()) {
            out.violation(url.get().violation("spring.datasource", String.join(", ", missing), "the " + pool + " pool of this datasource "
                    + "leaves " + String.join(" and ", missing) + " to the default: the pool's size and how long a request waits "
                    + "for a connection (Hikari: 10 connections, 30 s) are then nobody's decision; size it for the database and "
                    + "bound the wait below the request's timeout"));
        }
    }
}
