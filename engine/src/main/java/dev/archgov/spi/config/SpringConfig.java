package dev.archgov.spi.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Spring Boot configuration of one application (the {@code application*} and {@code bootstrap*} files of one
 * resources directory and its {@code config/}), merged per profile as Spring merges it: bootstrap, then the
 * application's YAML documents, then its properties, then the profile's documents ({@code spring.config.activate.on-profile}
 * or the legacy {@code spring.profiles} in a multi-document file, then {@code application-<profile>.*}), later
 * values winning. Keys are compared with Spring's relaxed binding ({@code group-id}, {@code groupId} and
 * {@code group_id} are one key). The default profile is the one {@code spring.profiles.active} names in the
 * base files, or none.
 */
public final class SpringConfig {
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private final Path directory;
    private final List<Source> sources;

    /** One file, or one document of a multi-document YAML file, with the profiles it is for (empty: every profile). */
    record Source(Path file, String condition, boolean bootstrap, boolean propertiesFile, String fileProfile, List<Property> entries) {
    }

    /** One key as written, with its value (empty for a key holding a mapping or a list) and where it is. */
    public record Property(String key, Optional<String> value, Path file, int line, int column) {
        public FileViolation violation(String element, String target, String message) {
            return new FileViolation(element, target, file, line, column, message);
        }
    }

    SpringConfig(Path directory, List<Source> sources) {
        this.directory = directory;
        this.sources = sources;
    }

    /** The resources directory the files were found in. */
    public Path directory() {
        return directory;
    }

    /** Relaxed binding: lower case, no dashes or underscores. */
    public static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** The profiles the files name ({@code application-prod.yml}, {@code on-profile: prod}), sorted. */
    public Set<String> profiles() {
        Set<String> names = new TreeSet<>();
        for (Source s : sources) {
            if (!s.fileProfile().isEmpty()) {
                names.add(s.fileProfile());
            }
            names.addAll(conditionNames(s.condition()));
        }
        return names;
    }

    /**
     * The merged properties with {@code profile} active ({@code ""}: no profile named on the command line, so the
     * base files' {@code spring.profiles.active}, if any).
     */
    public Properties effective(String profile) {
        Properties base = merge(Set.of(), true);
        Set<String> active = new LinkedHashSet<>();
        if (profile.isEmpty()) {
            base.value("spring.profiles.active").ifPresent(v -> Arrays.stream(v.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                    .forEach(active::add));
        } else {
            active.add(profile);
        }
        return active.isEmpty() ? base : merge(active, false);
    }

    /** The profile names to judge: {@code ""} (the default) and every named profile. */
    public List<String> profilesToJudge() {
        List<String> result = new ArrayList<>();
        result.add("");
        result.addAll(profiles());
        return result;
    }

    /** Whether a profile name reads as production ({@code prod}, {@code production}, {@code prd}, {@code live}). */
    public static boolean production(String profile) {
        return profile.toLowerCase(Locale.ROOT).matches(".*\\b(prod|production|prd|live)\\b.*|prod.*");
    }

    /** The first base file ({@code application.yml} before {@code application.properties}): where a missing setting is reported. */
    public Optional<Path> baseFile() {
        return sources.stream().filter(s -> !s.bootstrap() && s.fileProfile().isEmpty()).map(Source::file).findFirst()
                .or(() -> sources.stream().map(Source::file).findFirst());
    }

    private Properties merge(Set<String> active, boolean baseOnly) {
        Map<String, Property> merged = new LinkedHashMap<>();
        // bootstrap first, then YAML documents, then properties; within the base, documents without a condition
        for (int pass = 0; pass < 2; pass++) {
            for (Source s : ordered()) {
                boolean applies = pass == 0
                        ? s.fileProfile().isEmpty() && appliesWithout(s.condition(), active, baseOnly)
                        : !baseOnly && appliesTo(s, active);
                if (applies) {
                    s.entries().forEach(p -> merged.put(normalize(p.key()), p));
                }
            }
        }
        return new Properties(merged);
    }

    private List<Source> ordered() {
        List<Source> list = new ArrayList<>(sources);
        list.sort((a, b) -> Integer.compare(rank(a), rank(b))); // stable: documents keep their order
        return list;
    }

    private static int rank(Source s) {
        return (s.bootstrap() ? 0 : 2) + (s.propertiesFile() ? 1 : 0);
    }

    /** A base document: no condition, or a negated one ({@code !dev}) that the active profiles do not exclude. */
    private static boolean appliesWithout(String condition, Set<String> active, boolean baseOnly) {
        if (condition.isEmpty()) {
            return true;
        }
        if (condition.startsWith("!") && PROFILE_NAME.matcher(condition.substring(1).trim()).matches()) {
            return !active.contains(condition.substring(1).trim());
        }
        return false;
    }

    private static boolean appliesTo(Source s, Set<String> active) {
        if (!s.fileProfile().isEmpty()) {
            return active.contains(s.fileProfile()) && (s.condition().isEmpty() || conditionNames(s.condition()).stream().anyMatch(active::contains));
        }
        return !s.condition().isEmpty() && !s.condition().startsWith("!") && conditionNames(s.condition()).stream().anyMatch(active::contains);
    }

    /** The profile names of a condition ({@code prod}, {@code prod, cloud}); an expression's names too ({@code prod & eu}). */
    private static Set<String> conditionNames(String condition) {
        Set<String> names = new TreeSet<>();
        for (String part : condition.split("[,&|()\\s]+")) {
            String name = part.startsWith("!") ? "" : part.trim();
            if (PROFILE_NAME.matcher(name).matches()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Merged properties: look-ups by key with relaxed binding. */
    public static final class Properties {
        private final Map<String, Property> byKey;

        Properties(Map<String, Property> byKey) {
            this.byKey = byKey;
        }

        public Optional<Property> get(String key) {
            return Optional.ofNullable(byKey.get(normalize(key)));
        }

        public Optional<String> value(String key) {
            return get(key).flatMap(Property::value);
        }

        /** Whether the key is set, to a value or to a mapping below it. */
        public boolean has(String key) {
            return byKey.containsKey(normalize(key)) || !under(key).isEmpty();
        }

        /** The first of these keys that is set. */
        public Optional<Property> first(String... keys) {
            for (String k : keys) {
                if (get(k).isPresent()) {
                    return get(k);
                }
            }
            return Optional.empty();
        }

        /** Every key below {@code prefix} ({@code spring.kafka}: {@code spring.kafka.consumer.group-id}, …), in file order. */
        public List<Property> under(String prefix) {
            String p = normalize(prefix) + ".";
            return byKey.entrySet().stream().filter(e -> e.getKey().startsWith(p)).map(Map.Entry::getValue).toList();
        }

        /**
         * The names one level below {@code prefix} ({@code spring.cloud.stream.bindings}: the binding names), as
         * written, with the property where each is first written.
         */
        public Map<String, Property> children(String prefix) {
            int depth = prefix.split("\\.").length;
            String p = normalize(prefix) + ".";
            Map<String, Property> children = new LinkedHashMap<>();
            byKey.forEach((k, v) -> {
                if (k.startsWith(p)) {
                    String[] raw = v.key().split("\\.");
                    if (raw.length > depth) {
                        children.putIfAbsent(raw[depth], v); // the name as written
                    }
                }
            });
            return children;
        }
    }
}
