package dev.archgov.spi.config;

import dev.archgov.engine.contract.PathEntry;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration files a contract names ({@code analyze.config}): every YAML file below those paths, parsed
 * safely with positions (no types constructed, no aliases beyond a small budget, duplicate keys rejected), the
 * Spring Boot {@code application*}/{@code bootstrap*} properties files, and JSON files that hold Kubernetes
 * resources or Jaeger sampling strategies. Parsed once per run, on {@link #load()}; templates are never run (a Helm
 * chart is read as the rendered output the team provides). A file that does not parse fails the run with its
 * {@code file:line:column}.
 */
public final class ConfigFiles {
    /** No configuration named. */
    public static final ConfigFiles NONE = new ConfigFiles(List.of(), List.of());

    static final int MAX_BYTES = 8 * 1024 * 1024;
    static final int MAX_ALIASES = 100;
    private static final Pattern SPRING_FILE = Pattern.compile("(application|bootstrap)(-([^.]+))?\\.(ya?ml|properties)");
    private static final Pattern JSON_OF_INTEREST = Pattern.compile("\"(apiVersion|default_strategy|service_strategies)\"");

    private final List<Path> roots;
    private final List<String> written;
    private volatile Loaded loaded;

    /** One parsed YAML or JSON document, with its file. */
    public record Document(Path file, ConfigNode root) {
    }

    private record Loaded(List<Path> files, List<Document> documents, List<Manifest> manifests, List<SpringConfig> spring, List<String> missing) {
    }

    private ConfigFiles(List<Path> roots, List<String> written) {
        this.roots = List.copyOf(roots);
        this.written = List.copyOf(written);
    }

    /** The files and directories (searched recursively) to read. */
    public static ConfigFiles of(List<Path> roots) {
        return roots.isEmpty() ? NONE : new ConfigFiles(roots, roots.stream().map(Path::toString).toList());
    }

    /** The contract's {@code analyze.config} entries (their messages name each path as the contract wrote it). */
    public static ConfigFiles ofEntries(List<PathEntry> entries) {
        return entries.isEmpty() ? NONE : new ConfigFiles(entries.stream().map(PathEntry::path).toList(), entries.stream().map(PathEntry::written).toList());
    }

    /** Whether the contract names any configuration at all. */
    public boolean declared() {
        return !roots.isEmpty();
    }

    /** Reads and parses every file (once); a file that cannot be read or parsed is an {@link ConfigFileException}. */
    public void load() {
        loaded();
    }

    /**
     * The {@code analyze.config} entries that do not exist (as the contract wrote them): nothing was read there. Not an
     * error — an audit judges older commits by today's contract, and they may predate the directory — but every
     * format says so, and {@code check --strict} fails on it.
     */
    public List<String> missing() {
        return loaded().missing();
    }

    /** The files read. */
    public List<Path> files() {
        return loaded().files();
    }

    /** Every YAML (and JSON) document. */
    public List<Document> documents() {
        return loaded().documents();
    }

    /** Every Kubernetes-style resource ({@code apiVersion} and {@code kind}), {@code kind: List} items included. */
    public List<Manifest> manifests() {
        return loaded().manifests();
    }

    /** The Spring Boot configuration of each resources directory holding {@code application*} files. */
    public List<SpringConfig> spring() {
        return loaded().spring();
    }

    private Loaded loaded() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = read();
                }
                l = loaded;
            }
        }
        return l;
    }

    private Loaded read() {
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            Path root = roots.get(i);
            if (!Files.exists(root)) { // said in every format (and --strict fails on it), not fatal: an older commit may lack it
                missing.add(written.get(i));
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(p -> !hidden(root, p)).filter(ConfigFiles::ofInterest).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new ConfigFileException(root + ": cannot read the configuration directory: " + e.getMessage());
            }
        }
        List<Document> documents = new ArrayList<>();
        Map<Path, List<SpringConfig.Source>> springByDir = new LinkedHashMap<>();
        for (Path file : files.stream().distinct().toList()) {
            String name = file.getFileName().toString();
            Matcher spring = SPRING_FILE.matcher(name);
            if (name.endsWith(".json") && size(file) > MAX_BYTES) {
                continue; // a data file or a web asset, not a manifest or a sampling strategy
            }
            String text = text(file);
            if (name.endsWith(".properties")) {
                if (spring.matches()) {
                    springByDir.computeIfAbsent(appDir(file), k -> new ArrayList<>()).add(new SpringConfig.Source(file, "",
                            spring.group(1).equals("bootstrap"), true, spring.group(3) == null ? "" : spring.group(3), PropertiesFile.parse(file, text)));
                }
                continue;
            }
            if (name.endsWith(".json") && !JSON_OF_INTEREST.matcher(text).find()) {
                continue;
            }
            List<Node> roots = parse(file, text);
            for (Node root : roots) {
                documents.add(new Document(file, ConfigNode.root(file, root)));
            }
            if (spring.matches() && !name.endsWith(".json")) {
                for (Node root : roots) {
                    List<SpringConfig.Property> entries = new ArrayList<>();
                    flatten(file, "", root, entries);
                    Map<String, SpringConfig.Property> byKey = new LinkedHashMap<>();
                    entries.forEach(p -> byKey.put(SpringConfig.normalize(p.key()), p));
                    String condition = Optional.ofNullable(byKey.get(SpringConfig.normalize("spring.config.activate.on-profile")))
                            .or(() -> Optional.ofNullable(byKey.get(SpringConfig.normalize("spring.profiles"))))
                            .flatMap(SpringConfig.Property::value).orElse("");
                    springByDir.computeIfAbsent(appDir(file), k -> new ArrayList<>()).add(new SpringConfig.Source(file, condition.trim(),
                            spring.group(1).equals("bootstrap"), false, spring.group(3) == null ? "" : spring.group(3), entries));
                }
            }
        }
        List<Manifest> manifests = new ArrayList<>();
        for (Document d : documents) {
            addManifest(d.root(), manifests);
        }
        List<SpringConfig> spring = new ArrayList<>();
        springByDir.forEach((dir, sources) -> spring.add(new SpringConfig(dir, sources)));
        return new Loaded(List.copyOf(files), List.copyOf(documents), List.copyOf(manifests), List.copyOf(spring), List.copyOf(missing));
    }

    private static void addManifest(ConfigNode root, List<Manifest> into) {
        Optional<String> kind = root.get("kind").text();
        Optional<String> apiVersion = root.get("apiVersion").text();
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            return;
        }
        if (kind.get().equals("List")) {
            root.get("items").items().forEach(item -> addManifest(item, into));
            return;
        }
        into.add(new Manifest(apiVersion.get(), kind.get(), root.get("metadata", "name").text().orElse("?"),
                root.get("metadata", "namespace").text().orElse(""), root));
    }

    /** The application a Spring file belongs to: its directory ({@code config/} counts as its parent). */
    private static Path appDir(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir.getFileName() != null && dir.getFileName().toString().equals("config") ? dir.getParent() : dir;
    }

    private static boolean ofInterest(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".json") || n.endsWith(".properties") && SPRING_FILE.matcher(n).matches();
    }

    /** Below a hidden directory ({@code .git}, {@code .idea}) or {@code node_modules}: not configuration. */
    private static boolean hidden(Path root, Path p) {
        Path rel = root.relativize(p);
        for (int i = 0; i + 1 < rel.getNameCount(); i++) {
            String part = rel.getName(i).toString();
            if (part.startsWith(".") || part.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static String text(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigFileException(file + ": configuration file larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ConfigFileException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Every document of a YAML (or JSON) file, composed as nodes only: nothing is constructed, whatever its tags. */
    static List<Node> parse(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_BYTES);
        options.setProcessComments(false);
        options.setTagInspector(tag -> false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver());
        List<Node> roots = new ArrayList<>();
        try {
            for (Node n : yaml.composeAll(new StringReader(text))) {
                if (n != null) {
                    checkKeys(file, n);
                    roots.add(n);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = (e.getProblem() != null ? e.getProblem() : e.getMessage()).replaceAll("\\s+", " ").trim();
            throw new ConfigFileException(file + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
                    + ": invalid YAML: " + problem + (text.contains("{{") ? " (a template? name its rendered output in analyze.config)" : ""));
        } catch (YAMLException e) {
            throw new ConfigFileException(file + ": invalid YAML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim());
        }
        return roots;
    }

    /** Duplicate keys (snakeyaml finds them when constructing, which this never does): rejected, as Spring and kubectl do. */
    private static void checkKeys(Path file, Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Mark> seen = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && !k.getValue().equals("<<")) {
                    Mark first = seen.putIfAbsent(k.getValue(), k.getStartMark());
                    if (first != null) {
                        throw new ConfigFileException(file + ":" + (k.getStartMark().getLine() + 1) + ":" + (k.getStartMark().getColumn() + 1)
                                + ": duplicate key '" + k.getValue() + "' (first at line " + (first.getLine() + 1) + ")");
                    }
                }
                checkKeys(file, t.getValueNode());
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(v -> checkKeys(file, v));
        }
    }

    /** A YAML document as Spring sees it: dotted keys, list items as {@code [i]}, each key with its place. */
    private static void flatten(Path file, String prefix, Node node, List<SpringConfig.Property> into) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    continue;
                }
                String key = prefix.isEmpty() ? k.getValue() : prefix + "." + k.getValue();
                Node v = t.getValueNode();
                Optional<String> value = v instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
                into.add(new SpringConfig.Property(key, value, file, k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1));
                flatten(file, key, v, into);
            }
        } else if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                Node v = s.getValue().get(i);
                String key = prefix + "[" + i + "]";
                Optional<String> value = v instanceof ScalarNode sc ? Optional.of(sc.getValue()) : Optional.empty();
                into.add(new SpringConfig.Property(key, value, file, v.getStartMark().getLine() + 1, v.getStartMark().getColumn() + 1));
                flatten(file, key, v, into);
            }
        }
    }
}
