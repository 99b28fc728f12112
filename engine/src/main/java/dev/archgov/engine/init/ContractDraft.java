package dev.archgov.engine.init;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A first contract for a code base, drafted from what is on disk: the build (Maven or Gradle, one module or several),
 * the class and source directories, layers proposed from the package names (web, service, repository, domain …), and
 * the domain packs whose libraries the compiled classes (or, before a build, the sources) use. Every choice is written
 * with a comment saying why, for the team to edit.
 */
public final class ContractDraft {
    private ContractDraft() {
    }

    /** What was found, and the contract text. */
    public record Draft(String build, List<String> classes, List<String> sources, Map<String, List<String>> layers, List<String> packs,
                        Map<String, List<String>> evidence, String yaml) {
    }

    /** Layer names by the package segments that say so, top to bottom. */
    private static final Map<String, List<String>> LAYER_WORDS = new LinkedHashMap<>();

    static {
        LAYER_WORDS.put("web", List.of("web", "controller", "controllers", "api", "rest", "endpoint", "endpoints", "resource", "resources"));
        LAYER_WORDS.put("service", List.of("service", "services", "application", "usecase", "usecases", "biz", "manager"));
        LAYER_WORDS.put("client", List.of("client", "clients", "integration", "infra", "infrastructure", "gateway", "adapter", "adapters"));
        LAYER_WORDS.put("repository", List.of("repository", "repositories", "dao", "mapper", "mappers", "persistence", "store"));
        LAYER_WORDS.put("domain", List.of("domain", "model", "models", "entity", "entities", "po", "pojo"));
    }

    /** Packs by the library packages their rules know (as they appear in class files and imports). */
    private static final Map<String, List<String>> PACK_LIBRARIES = new LinkedHashMap<>();

    static {
        PACK_LIBRARIES.put("lock", List.of("org/redisson/api/RLock", "org/apache/curator/framework/recipes/locks", "java/util/concurrent/locks",
                "setIfAbsent"));
        PACK_LIBRARIES.put("cache", List.of("org/springframework/data/redis", "org/springframework/cache", "com/github/benmanes/caffeine",
                "com/google/common/cache", "redis/clients/jedis/Jedis"));
        PACK_LIBRARIES.put("pool", List.of("org/apache/commons/pool2", "org/apache/commons/pool/", "redis/clients/jedis/JedisPool",
                "java/lang/ThreadLocal", "io/netty/util/Recycler"));
        PACK_LIBRARIES.put("saga", List.of("io/seata", "org/apache/seata", "org/axonframework", "io/eventuate", "org/springframework/kafka",
                "org/apache/rocketmq", "org/springframework/amqp"));
    }

    public static Draft of(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        boolean maven = Files.isRegularFile(dir.resolve("pom.xml"));
        boolean gradle = Files.isRegularFile(dir.resolve("build.gradle")) || Files.isRegularFile(dir.resolve("build.gradle.kts"));
        String output = gradle && !maven ? "build/classes/java/main" : "target/classes";
        List<Path> outputs = new ArrayList<>();
        List<Path> sourceDirs = new ArrayList<>();
        List<Path> configDirs = new ArrayList<>();
        Files.walkFileTree(dir, Set.of(), 8, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                String name = d.getFileName() == null ? "" : d.getFileName().toString();
                if (!d.equals(dir) && (name.startsWith(".") || name.equals("node_modules"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                String rel = dir.relativize(d).toString().replace('\\', '/');
                if (rel.equals(output) || rel.endsWith("/" + output)) {
                    outputs.add(d);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (rel.equals("src/main/java") || rel.endsWith("/src/main/java")) {
                    sourceDirs.add(d);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if ((rel.equals("src/main/resources") || rel.endsWith("/src/main/resources")) && holdsSpringSettings(d)
                        || DEPLOY_DIRS.contains(rel) && holdsManifests(d)) {
                    configDirs.add(d);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        List<String> classes = paths(dir, outputs, output);
        List<String> sources = paths(dir, sourceDirs, "src/main/java");
        if (classes.isEmpty()) {
            classes = List.of(sourceDirs.size() > 1 ? "*/" + output : output); // before the first build: what the build will write
        }

        Set<String> packages = new TreeSet<>();
        Map<String, List<String>> evidence = new TreeMap<>();
        for (Path out : outputs) {
            scan(out, ".class", f -> new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), packages, evidence);
        }
        if (outputs.isEmpty()) { // before the first build: the sources' imports
            for (Path src : sourceDirs) {
                scan(src, ".java", f -> Files.readString(f, StandardCharsets.UTF_8).replace('.', '/'), packages, evidence);
            }
        }
        Map<String, List<String>> layers = layers(packages);
        List<String> packs = PACK_LIBRARIES.keySet().stream().filter(evidence::containsKey).toList();
        String build = maven ? "Maven" : gradle ? "Gradle" : "no build file";
        List<String> config = configDirs.stream().map(d -> dir.relativize(d).toString().replace('\\', '/')).sorted().toList();
        return new Draft(build, classes, sources, layers, packs, evidence, yaml(dir, build, classes, sources, config, layers, packs, evidence));
    }

    /** Top-level directories whose Kubernetes, Istio or Jaeger manifests the configuration checkpoints read. */
    private static final Set<String> DEPLOY_DIRS = Set.of("deploy", "k8s", "kubernetes", "manifests", "istio", "deployment");

    private static boolean holdsSpringSettings(Path resources) {
        try (var files = Files.list(resources)) {
            return files.map(f -> f.getFileName().toString()).anyMatch(n -> n.matches("(application|bootstrap)(-[^.]+)?\\.(ya?ml|properties)"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean holdsManifests(Path d) {
        try (var files = Files.walk(d, 4)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).anyMatch(f -> {
                try {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    return text.contains("apiVersion:") && !text.contains("{{"); // a Helm template is no manifest until rendered
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> paths(Path dir, List<Path> found, String single) {
        if (found.isEmpty()) {
            return List.of();
        }
        if (found.size() == 1) {
            return List.of(dir.relativize(found.get(0)).toString().replace('\\', '/'));
        }
        boolean oneLevel = found.stream().allMatch(p -> dir.relativize(p).getNameCount() == Path.of(single).getNameCount() + 1);
        return List.of((oneLevel ? "*/" : "**/") + single); // every module's, found again at each run
    }

    /**
     * Each file of {@code suffix} under {@code dir}: its package (from its directory) and the library names its text
     * mentions ({@code text} reads a class file's constant pool byte for byte, or a source with dots as slashes).
     */
    private static void scan(Path dir, String suffix, TextOf text, Set<String> packages, Map<String, List<String>> evidence) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                Path rel = dir.relativize(f);
                if (rel.getParent() != null) {
                    packages.add(rel.getParent().toString().replace('\\', '/').replace('/', '.'));
                }
                note(text.of(f), rel.toString(), evidence);
            }
        }
    }

    @FunctionalInterface
    private interface TextOf {
        String of(Path file) throws IOException;
    }

    private static void note(String text, String file, Map<String, List<String>> evidence) {
        PACK_LIBRARIES.forEach((pack, markers) -> {
            for (String marker : markers) {
                if (text.contains(marker)) {
                    List<String> seen = evidence.computeIfAbsent(pack, k -> new ArrayList<>());
                    String what = marker.replace('/', '.') + " (" + file.replace('\\', '/') + ")";
                    if (seen.size() < 3 && seen.stream().noneMatch(s -> s.startsWith(marker.replace('/', '.')))) {
                        seen.add(what);
                    }
                    return;
                }
            }
        });
    }

    /** Layers whose words appear as a package segment, with the patterns of the packages that say so. */
    static Map<String, List<String>> layers(Set<String> packages) {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        LAYER_WORDS.forEach((layer, words) -> {
            Set<String> patterns = new TreeSet<>();
            for (String p : packages) {
                String[] segments = p.split("\\.");
                for (int i = 0; i < segments.length; i++) {
                    if (words.contains(segments[i].toLowerCase(Locale.ROOT))) {
                        patterns.add(String.join(".", Arrays.copyOfRange(segments, 0, i + 1)) + "..");
                        break;
                    }
                }
            }
            if (!patterns.isEmpty()) {
                layers.put(layer, List.copyOf(patterns));
            }
        });
        // a pattern that holds another layer's packages (com.acme.api.. over com.acme.api.service..) would put classes
        // in two layers: left out
        Map<String, List<String>> unambiguous = new LinkedHashMap<>();
        layers.forEach((layer, patterns) -> {
            List<String> kept = patterns.stream().filter(p -> layers.entrySet().stream().noneMatch(other -> !other.getKey().equals(layer)
                    && other.getValue().stream().anyMatch(q -> q.startsWith(p.substring(0, p.length() - 2) + ".")))).toList();
            if (!kept.isEmpty()) {
                unambiguous.put(layer, kept);
            }
        });
        return unambiguous;
    }

    private static String yaml(Path dir, String build, List<String> classes, List<String> sources, List<String> config,
                               Map<String, List<String>> layers, List<String> packs, Map<String, List<String>> evidence) {
        StringBuilder y = new StringBuilder();
        y.append("# Drafted by `archgov init` (").append(build).append("). Edit it: every choice below is a guess from the code on disk.\n");
        y.append("# Reference: https://archgov.dev (README: Contract reference). Check it with: archgov check\n");
        y.append("version: 1\n");
        y.append("name: ").append(quote(dir.getFileName() == null ? "project" : dir.getFileName().toString())).append('\n');
        y.append("extends:\n  - builtin:generic                 # controllers calling HTTP clients, package cycles\n");
        for (String pack : packs) {
            y.append("  - builtin:").append(pack).append(" ".repeat(Math.max(1, 24 - pack.length()))).append("# uses ")
                    .append(String.join("; ", evidence.get(pack))).append('\n');
        }
        for (String pack : PACK_LIBRARIES.keySet()) {
            if (!packs.contains(pack)) {
                y.append("# - builtin:").append(pack).append("                 # not enabled: none of its libraries is used\n");
            }
        }
        if (!config.isEmpty()) {
            y.append("  - builtin:checkpoints             # configuration checkpoints over analyze.config (Spring settings, manifests)\n");
        }
        if (packs.contains("cache") || packs.contains("saga")) { // what kind of service: archgov explain traits
            String read = packs.contains("cache") ? "readHeavy: true" : "";
            String strong = packs.contains("saga") ? "consistency: strong" : "";
            y.append("\n# traits: { ").append(read).append(read.isEmpty() || strong.isEmpty() ? "" : ", ").append(strong)
                    .append(" }   # if it is that kind of service: the rules it must keep (archgov explain traits)\n");
        }
        y.append("\nanalyze:\n");
        y.append("  classes: [").append(String.join(", ", classes.stream().map(ContractDraft::quote).toList())).append("]\n");
        if (!sources.isEmpty()) {
            y.append("  sources: [").append(String.join(", ", sources.stream().map(ContractDraft::quote).toList())).append("]\n");
        }
        if (!config.isEmpty()) {
            y.append("  config: [").append(String.join(", ", config.stream().map(ContractDraft::quote).toList()))
                    .append("]   # Spring settings and deployment manifests (rendered, never Helm templates)\n");
        }
        if (Files.isDirectory(dir.resolve("target/lib"))) {
            y.append("  classpath: [\"target/lib\"]       # the dependencies, for type resolution\n");
        } else if (build.equals("Maven") || build.equals("Gradle")) {
            y.append("  # ").append(build.toLowerCase(Locale.ROOT)).append(": true                  # the dependencies, for type resolution: ask ")
                    .append(build).append(" for every module's compile classpath\n");
        } else {
            y.append("  # classpath: [target/lib]       # the dependencies, for type resolution (mvn dependency:copy-dependencies -DoutputDirectory=target/lib)\n");
        }
        if (layers.size() >= 2) {
            y.append("\nlayers:                            # from package names; a class in none of them is not layered\n");
            layers.forEach((name, patterns) -> y.append("  ").append(name).append(": [")
                    .append(String.join(", ", patterns.stream().map(ContractDraft::quote).toList())).append("]\n"));
            y.append("\nrules:\n  - id: LAYERS-01\n    kind: layers\n    severity: critical\n    message: Each layer uses only the layers below it\n")
                    .append("    params:\n      order: [").append(String.join(", ", layers.keySet())).append("]\n");
        } else {
            y.append("\n# layers: no two layers could be told from the package names; declare them to check the layering\n");
        }
        return y.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
