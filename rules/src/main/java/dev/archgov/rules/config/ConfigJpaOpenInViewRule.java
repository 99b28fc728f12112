package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.Kind;
import dev.archgov.spi.config.SpringConfig;

import java.util.function.Supplier;

@Kind(name = "config-jpa-open-in-view", title = "spring.jpa.open-in-view is false", category = "runtime", severity = Severity.MAJOR)
public final class ConfigJpaOpenInViewRule extends SpringCheckpoint<Boolean> {
    private static final String KEY = "spring.jpa.open-in-view";

    @Override
    Boolean classFacts(JavaClasses classes) {
        return usesEntities(classes);
    }

    @Override
    void judge(SpringConfig app, SpringConfig.Properties settings, String profile, Supplier<Boolean> usesEntities, Judgement out) {
        if (!settings.has("spring.jpa") && !usesEntities.get()) {
            return;
        }
        out.examined(KEY);
        var set = settings.get(KEY);
        if (set.isPresent() && set.get().value().map(v -> v.trim().equalsIgnoreCase("false")).orElse(false)) {
            return;
        }
        String why = "the persistence context stays open until the view is rendered: lazy loads run outside the service's "
                + "transaction, and every request holds a database connection until its response is written";
        if (set.isPresent()) {
            out.violation(set.get().violation(KEY, KEY, KEY + " is " + set.get().value().orElse("") + ": " + why + "; set it to false"));
        } else {
            placeFor(app, settings, "spring.jpa").ifPresent(at -> out.violation(at.violation(KEY, KEY, KEY + " is not set, and Spring "
                    + "Boot's default is true: " + why + "; set it to false")));
        }
    }

    private static boolean usesEntities(JavaClasses classes) {
        for (var c : classes) {
            if (c.isAnnotatedWith("jakarta.persistence.Entity") || c.isAnnotatedWith("javax.persistence.Entity")) {
                return true;
            }
        }
        return false;
    }
}
