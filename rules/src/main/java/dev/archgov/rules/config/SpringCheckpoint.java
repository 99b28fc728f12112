package dev.archgov.rules.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.FileViolation;
import dev.archgov.spi.config.SpringConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A checkpoint over a Spring Boot application's settings, judged profile by profile (the default, then each named
 * profile, as Spring merges them): a problem found in every profile is reported once as it is; one found in some
 * profiles only names them. Each element examined counts once, whatever the number of profiles.
 */
abstract class SpringCheckpoint<F> extends ConfigCheckpoint {

    /** What one profile's judgement reports. */
    interface Judgement {
        /** The element examined ({@code spring.jpa.open-in-view}); counted once per application. */
        void examined(String element);

        void violation(FileViolation v);
    }

    /**
     * What the analysed classes tell the judgement (a Kafka listener, a class using Seata): the same for every
     * application and profile, so computed once per run, when first asked. Default: nothing.
     */
    F classFacts(JavaClasses classes) {
        return null;
    }

    /** Judges one profile's merged settings ({@code profile} empty: the default). */
    abstract void judge(SpringConfig app, SpringConfig.Properties settings, String profile, Supplier<F> facts, Judgement out);

    /** The profiles to judge: all of them unless a checkpoint is about production only. */
    List<String> profiles(SpringConfig app) {
        return app.profilesToJudge();
    }

    @Override
    void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked) {
        Supplier<F> facts = new Supplier<>() {
            private F value;
            private boolean known;

            @Override
            public F get() {
                if (!known) {
                    value = classFacts(classes);
                    known = true;
                }
                return value;
            }
        };
        for (SpringConfig app : files.spring()) {
            List<String> profiles = profiles(app);
            Set<String> examined = new LinkedHashSet<>();
            Map<FileViolation, Set<String>> found = new LinkedHashMap<>();
            for (String profile : profiles) {
                judge(app, app.effective(profile), profile, facts, new Judgement() {
                    @Override
                    public void examined(String element) {
                        examined.add(element);
                    }

                    @Override
                    public void violation(FileViolation v) {
                        found.computeIfAbsent(v, k -> new LinkedHashSet<>()).add(profile.isEmpty() ? "default" : profile);
                    }
                });
            }
            examined.forEach(e -> checked.run());
            found.forEach((v, in) -> sink.accept(in.size() == profiles.size() || profiles.size() == 1 ? v
                    : new FileViolation(v.element(), v.target(), v.file(), v.line(), v.column(), v.message() + " (profile"
                    + (in.size() == 1 ? " " : "s ") + String.join(", ", in) + ")")));
        }
    }

    /**
     * Where a missing setting is reported: the first of {@code keys} written in the profile's settings (or the first
     * setting below it), else the top of the application's first base file.
     */
    static Optional<Place> placeFor(SpringConfig app, SpringConfig.Properties settings, String... keys) {
        // a YAML file writes the key itself (spring.jpa:), a properties file only the keys below it (spring.jpa.show-sql)
        Optional<SpringConfig.Property> p = settings.first(keys)
                .or(() -> Arrays.stream(keys).flatMap(k -> settings.under(k).stream()).findFirst());
        if (p.isPresent()) {
            return Optional.of(new Place(p.get().file(), p.get().line(), p.get().column()));
        }
        return app.baseFile().map(f -> new Place(f, 1, 1));
    }

    /** A file position. */
    record Place(Path file, int line, int column) {
        FileViolation violation(String element, String target, String message) {
            return new FileViolation(element, target, file, line, column, message);
        }
    }

    /** The names of the keys missing among {@code keys}, for a message. */
    static List<String> missing(SpringConfig.Properties settings, String... keys) {
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (settings.get(k).isEmpty()) {
                missing.add(k);
            }
        }
        return missing;
    }
}
