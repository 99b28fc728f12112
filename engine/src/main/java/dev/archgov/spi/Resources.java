package dev.archgov.spi;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The resource files beside an analysed class: a build copies {@code src/main/resources} into the class directory
 * (or the jar) the class was read from, so its Spring configuration ({@code application*.properties},
 * {@code application*.yml}) and framework files (Seata's state-machine JSON) are there. Listed once per class
 * directory or jar per run; files over 1 MiB and anything unreadable are left out (never an error: a rule that cannot
 * read a resource stays silent).
 */
public final class Resources {
    private Resources() {
    }

    /** One resource file: its path inside the class directory or jar, and its text. */
    public record Resource(String path, String text) {
    }

    private static final RunIndex.Key<Map<String, List<String>>> NAMES = RunIndex.Key.named("resource names beside the classes");
    private static final RunIndex.Key<Map<String, Optional<String>>> TEXTS = RunIndex.Key.named("resource texts beside the classes");
    private static final long MAX_FILE = 1 << 20;
    private static final Predicate<String> TEXT = n -> n.endsWith(".json") || n.endsWith(".properties") || n.endsWith(".yml")
            || n.endsWith(".yaml") || n.endsWith(".xml");

    /**
     * The text resources ({@code .json}, {@code .properties}, {@code .yml}/{@code .yaml}, {@code .xml}) beside the class
     * whose path {@code accept}s: the names are listed once per class directory or jar per run, and only the accepted
     * files are read (each once per run).
     */
    public static List<Resource> beside(RunIndex index, JavaClass c, Predicate<String> accept) {
        Optional<String> root = location(c);
        if (root.isEmpty()) {
            return List.of();
        }
        List<String> names = index.of(NAMES, ConcurrentHashMap::new).computeIfAbsent(root.get(), Resources::list);
        Map<String, Optional<String>> texts = index.of(TEXTS, ConcurrentHashMap::new);
        List<Resource> found = new ArrayList<>();
        for (String name : names) {
            if (accept.test(name)) {
                texts.computeIfAbsent(root.get() + "!/" + name, k -> read(root.get(), name)).ifPresent(t -> found.add(new Resource(name, t)));
            }
        }
        return found;
    }

    /**
     * A Spring Boot property as the application's own {@code application*.properties}/{@code application*.yml} beside
     * the class set it (any profile: the first found), under its kebab-case or camel-case name; empty when none does.
     */
    public static Optional<String> springProperty(RunIndex index, JavaClass c, String kebabName) {
        String camel = camel(kebabName);
        for (Resource r : beside(index, c, p -> p.matches("(config/)?(application|bootstrap)(-[\\w.-]+)?\\.(properties|ya?ml)"))) {
            Map<String, String> flat = r.path().endsWith(".properties") ? properties(r.text()) : yaml(r.text());
            for (String key : List.of(kebabName, camel)) {
                if (flat.containsKey(key)) {
                    return Optional.of(flat.get(key).strip());
                }
            }
        }
        return Optional.empty();
    }

    private static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : kebab.toCharArray()) {
            if (ch == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private static Map<String, String> properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return Map.of();
        }
        Map<String, String> flat = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> flat.put(k, p.getProperty(k)));
        return flat;
    }

    private static Map<String, String> yaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // the application's file, not a contract: read what Spring would read
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit((int) MAX_FILE);
        Map<String, String> flat = new LinkedHashMap<>();
        try {
            for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(text)) {
                flatten("", doc, flat);
            }
        } catch (RuntimeException e) {
            return flat; // not YAML Spring could read either
        }
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, String> flat) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), flat);
            }
        } else if (node != null && !prefix.isEmpty()) {
            flat.putIfAbsent(prefix, String.valueOf(node));
        }
    }

    /** The class directory or jar a class was read from (a URI), the key of what is beside it. */
    public static Optional<String> location(JavaClass c) {
        Optional<URI> uri = c.getSource().map(Source::getUri);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String s = uri.get().toString();
        String classFile = c.getName().replace('.', '/') + ".class";
        if (s.startsWith("jar:file:") && s.contains("!/")) {
            return Optional.of(s.substring("jar:".length(), s.indexOf("!/")));
        }
        if (s.startsWith("file:") && s.endsWith(classFile)) {
            return Optional.of(s.substring(0, s.length() - classFile.length()));
        }
        return Optional.empty();
    }

    /** The text resource names under a class directory or in a jar (sizes up to 1 MiB). */
    private static List<String> list(String root) {
        List<String> names = new ArrayList<>();
        try {
            Path path = Path.of(URI.create(root));
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path, 12)) {
                    files.filter(p -> TEXT.test(p.getFileName().toString()) && Files.isRegularFile(p))
                            .forEach(f -> names.add(path.relativize(f).toString().replace('\\', '/')));
                }
            } else if (Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.stream().filter(e -> TEXT.test(e.getName()) && !e.isDirectory() && e.getSize() <= MAX_FILE).forEach(e -> names.add(e.getName()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.copyOf(names); // what could be listed
        }
        names.sort(null);
        return List.copyOf(names);
    }

    /** One resource's text (UTF-8), empty when unreadable or over 1 MiB. */
    private static Optional<String> read(String root, String name) {
        try {
            Path path = Path.of(URI.create(root));
            if (Files.isDirectory(path)) {
                Path f = path.resolve(name);
                return Files.size(f) > MAX_FILE ? Optional.empty() : Optional.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
            try (JarFile jar = new JarFile(path.toFile())) {
                JarEntry e = jar.getJarEntry(name);
                if (e == null || e.getSize() > MAX_FILE) {
                    return Optional.empty();
                }
                try (InputStream in = jar.getInputStream(e)) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
