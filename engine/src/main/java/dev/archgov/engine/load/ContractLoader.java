package dev.archgov.engine.load;

import com.tngtech.archunit.core.domain.PackageMatcher;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.Params;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.contract.Suppression;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.spi.Globs;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.RuleKind;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Loads a contract file and everything it extends, and validates it completely before anything runs. Every problem
 * is collected with its file, line and column; if there is any, a {@link ContractException} carries them all.
 */
public final class ContractLoader {
    public static final int FORMAT_VERSION = 1;
    public static final String BUILTIN_PREFIX = "builtin:";
    static final String PACK_RESOURCE_DIR = "archgov/packs/";
    static final List<String> TOP_KEYS = List.of("version", "name", "extends", "analyze", "layers", "rules", "suppressions", "scoring", "gate", "build");
    static final List<String> GATE_KEYS = List.of("failOnNew", "minScore", "maxDrop");
    static final List<String> SCORING_KEYS = List.of("severityWeights", "categoryWeights");
    static final List<String> ANALYZE_KEYS = List.of("classes", "classpath", "sources", "exclude", "includeTests");
    static final List<String> RULE_KEYS = List.of("id", "kind", "severity", "category", "message", "docs", "enabled", "params");
    static final List<String> SUPPRESSION_KEYS = List.of("rule", "where", "reason", "expires");
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final int MAX_EXTENDS_DEPTH = 16;

    private final RuleKinds kinds;
    private final ClassLoader resources;

    public ContractLoader(RuleKinds kinds, ClassLoader resources) {
        this.kinds = kinds;
        this.resources = resources;
    }

    public static ContractLoader standard() {
        ClassLoader cl = ContractLoader.class.getClassLoader();
        return new ContractLoader(RuleKinds.load(cl), cl);
    }

    public RuleKinds kinds() {
        return kinds;
    }

    /** Loads and validates a contract, including that every analysed path exists. */
    public Contract load(Path file) {
        return load(file, true);
    }

    public Contract load(Path file, boolean checkPaths) {
        Session session = new Session();
        String label = file.toString();
        String text = readFile(file, label);
        RawFile top = session.parse(label, canonical(file), file.toAbsolutePath().getParent(), text, true, 0);
        return session.finish(file, top, checkPaths);
    }

    /** A bundled pack on its own, as if a contract extended only it (for listing and explaining rules). */
    public Contract loadBuiltin(String name) {
        Session session = new Session();
        String label = BUILTIN_PREFIX + name;
        String text = readBuiltin(name, null, label);
        RawFile pack = session.parse(label, label, null, text, false, 0);
        return session.finish(Path.of(name + ".yaml"), pack, false);
    }

    /** Names of the bundled packs on the class path, from every {@code archgov/packs/index.txt}. */
    public List<String> builtinPacks() {
        Set<String> names = new TreeSet<>();
        try {
            var urls = resources.getResources(PACK_RESOURCE_DIR + "index.txt");
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            names.add(line.trim());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list bundled packs: " + e.getMessage(), e);
        }
        return List.copyOf(names);
    }

    private static String readFile(Path file, String label) {
        try {
            if (Files.isDirectory(file)) {
                throw new ContractException(SourcePos.file(label), "is a directory; give the contract file (e.g. " + file.resolve("archgov.yaml") + ")");
            }
            if (Files.size(file) > YamlSource.MAX_CHARS * 4L) {
                throw new ContractException(SourcePos.file(label), "file is larger than " + YamlSource.MAX_CHARS / 1024 + " KiB; a contract is never that big");
            }
            return decode(Files.readAllBytes(file), label);
        } catch (NoSuchFileException e) {
            throw new ContractException(SourcePos.file(label), "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String decode(byte[] bytes, String label) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ContractException(SourcePos.file(label), "not valid UTF-8 text");
        }
    }

    private String readBuiltin(String name, SourcePos referencedAt, String label) {
        try (InputStream in = resources.getResourceAsStream(PACK_RESOURCE_DIR + name + ".yaml")) {
            if (in == null) {
                List<String> packs = builtinPacks().stream().map(p -> BUILTIN_PREFIX + p).toList();
                throw new ContractException(referencedAt == null ? SourcePos.file(label) : referencedAt,
                        "unknown bundled pack '" + label + "'" + Suggestions.hint(label, packs));
            }
            return decode(in.readAllBytes(), label);
        } catch (IOException e) {
            throw new ContractException(SourcePos.file(label), "cannot read bundled pack: " + e.getMessage());
        }
    }

    /** One contract file as written, before merging. */
    private record RawFile(String label, String key, Path dir, Integer version, String name, List<RawRule> rules,
                           Map<String, Layer> layers, Analyze analyze, List<Suppression> suppressions,
                           List<RawFile> parents, List<String> extendsRefs, Scoring scoring, GatePolicy gate, boolean parsed) {
    }

    private record RawParam(Node key, Node node, NodeReader reader) {
    }

    private record RawRule(String id, String kind, Severity severity, String category, String message, String docs,
                           Boolean enabled, Map<String, RawParam> params, SourcePos pos, Node idNode, NodeReader reader) {

        RawRule overriddenBy(RawRule o) {
            boolean replaceKind = o.kind != null && !o.kind.equals(kind);
            Map<String, RawParam> merged = replaceKind ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
            merged.putAll(o.params);
            return new RawRule(id, o.kind != null ? o.kind : kind,
                    o.severity != null ? o.severity : (replaceKind ? null : severity),
                    o.category != null ? o.category : (replaceKind ? null : category),
                    o.message != null ? o.message : (replaceKind ? null : message),
                    o.docs != null ? o.docs : (replaceKind ? null : docs),
                    o.enabled != null ? o.enabled : (replaceKind ? null : enabled),
                    merged, o.pos, o.idNode, o.reader);
        }
    }

    /** State of one load: problems found so far, files read (for the hash), extends chain (for cycles). */
    private final class Session {
        private final List<ContractProblem> problems = new ArrayList<>();
        private final MessageDigest digest = sha256();
        private final List<String> chain = new ArrayList<>();
        private final Set<Path> localFiles = new LinkedHashSet<>();

        private Path topDir;

        RawFile parse(String label, String key, Path dir, String text, boolean top, int depth) {
            if (top) {
                topDir = Path.of(key).getParent();
            }
            // the hash names files independently of where the contract is and how it was named (./a.yaml, /abs/a.yaml):
            // the top file as "contract", local extends relative to it, packs by their builtin: name
            String hashLabel = dir == null ? label : top ? "contract"
                    : topDir == null ? key : topDir.relativize(Path.of(key)).toString().replace('\\', '/');
            digest.update(hashLabel.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            chain.add(key);
            if (dir != null) {
                localFiles.add(Path.of(key));
            }
            try {
                Node root = YamlSource.parse(label, text);
                NodeReader r = new NodeReader(label, problems);
                if (root == null) {
                    problems.add(new ContractProblem(new SourcePos(label, 1, 1), "empty contract: expected at least 'version' and 'name'"));
                    return emptyFile(label, key, dir);
                }
                Map<String, Node> fields = r.mapping(root, "the contract", TOP_KEYS);
                if (fields == null) {
                    return emptyFile(label, key, dir);
                }
                Integer version = readVersion(r, root, fields, top);
                String name = fields.containsKey("name") ? r.string(fields.get("name"), "name") : null;
                if (top && !fields.containsKey("name")) {
                    r.problem(root, "missing required key 'name'");
                }
                List<String> extendsRefs = fields.containsKey("extends")
                        ? Optional.ofNullable(r.strings(fields.get("extends"), "extends")).orElse(List.of()) : List.of();
                List<RawFile> parents = new ArrayList<>();
                if (!extendsRefs.isEmpty()) {
                    List<Node> refNodes = r.sequence(fields.get("extends"), "extends");
                    for (int i = 0; i < extendsRefs.size(); i++) {
                        RawFile parent = loadParent(extendsRefs.get(i), r.pos(refNodes.get(i)), dir, depth);
                        if (parent != null) {
                            parents.add(parent);
                        }
                    }
                }
                Analyze analyze = null;
                if (fields.containsKey("analyze")) {
                    if (!top) {
                        r.problem(fields.get("analyze"), "'analyze' belongs in the top-level contract, not in an extended file");
                    } else {
                        analyze = readAnalyze(r, fields.get("analyze"), dir);
                    }
                }
                Map<String, Layer> layers = fields.containsKey("layers") ? readLayers(r, fields.get("layers")) : Map.of();
                List<RawRule> rules = fields.containsKey("rules") ? readRules(r, fields.get("rules")) : List.of();
                List<Suppression> suppressions = fields.containsKey("suppressions")
                        ? readSuppressions(r, fields.get("suppressions")) : List.of();
                Scoring scoring = null;
                if (fields.containsKey("scoring")) {
                    if (!top) {
                        r.problem(fields.get("scoring"), "'scoring' belongs in the top-level contract, not in an extended file");
                    } else {
                        scoring = readScoring(r, fields.get("scoring"));
                    }
                }
                GatePolicy gate = null;
                if (fields.containsKey("gate")) {
                    if (!top) {
                        r.problem(fields.get("gate"), "'gate' belongs in the top-level contract, not in an extended file");
                    } else {
                        gate = readGate(r, fields.get("gate"));
                    }
                }
                if (fields.containsKey("build")) {
                    if (!top) {
                        r.problem(fields.get("build"), "'build' belongs in the top-level contract, not in an extended file");
                    } else {
                        String command = r.string(fields.get("build"), "build");
                        if (command != null) {
                            gate = (gate == null ? GatePolicy.defaults() : gate).withBuild(command);
                        }
                    }
                }
                return new RawFile(label, key, dir, version, name, rules, layers, analyze, suppressions, parents, extendsRefs, scoring, gate, true);
            } catch (ContractException e) {
                problems.addAll(e.problems());
                return emptyFile(label, key, dir);
            } finally {
                chain.remove(chain.size() - 1);
            }
        }

        private RawFile emptyFile(String label, String key, Path dir) {
            return new RawFile(label, key, dir, null, null, List.of(), Map.of(), null, List.of(), List.of(), List.of(), null, null, false);
        }

        private Integer readVersion(NodeReader r, Node root, Map<String, Node> fields, boolean top) {
            if (!fields.containsKey("version")) {
                if (top) {
                    r.problem(root, "missing required key 'version' (write: version: " + FORMAT_VERSION + ")");
                }
                return null;
            }
            Long v = r.integer(fields.get("version"), "version");
            if (v != null && v != FORMAT_VERSION) {
                r.problem(fields.get("version"), "unsupported contract version " + v + "; this archgov reads version " + FORMAT_VERSION);
            }
            return v == null ? null : v.intValue();
        }

        private RawFile loadParent(String ref, SourcePos at, Path dir, int depth) {
            if (depth >= MAX_EXTENDS_DEPTH) {
                problems.add(new ContractProblem(at, "extends is nested more than " + MAX_EXTENDS_DEPTH + " levels deep"));
                return null;
            }
            if (ref.startsWith(BUILTIN_PREFIX)) {
                String name = ref.substring(BUILTIN_PREFIX.length());
                if (chain.contains(ref)) {
                    problems.add(new ContractProblem(at, "extends cycle: " + String.join(" -> ", chain) + " -> " + ref));
                    return null;
                }
                try {
                    return parse(ref, ref, null, readBuiltin(name, at, ref), false, depth + 1);
                } catch (ContractException e) {
                    problems.addAll(e.problems());
                    return null;
                }
            }
            if (dir == null) {
                problems.add(new ContractProblem(at, "a bundled pack can only extend other bundled packs"));
                return null;
            }
            Path file = dir.resolve(ref).normalize();
            String label = file.toString();
            if (chain.contains(canonical(file))) {
                problems.add(new ContractProblem(at, "extends cycle: " + String.join(" -> ", chain) + " -> " + canonical(file)));
                return null;
            }
            if (!Files.isRegularFile(file)) {
                problems.add(new ContractProblem(at, "extends '" + ref + "': no such file " + file));
                return null;
            }
            try {
                return parse(label, canonical(file), file.getParent(), readFile(file, label), false, depth + 1);
            } catch (ContractException e) {
                problems.addAll(e.problems());
                return null;
            }
        }

        private Analyze readAnalyze(NodeReader r, Node node, Path dir) {
            Map<String, Node> f = r.mapping(node, "analyze", ANALYZE_KEYS);
            if (f == null) {
                return null;
            }
            List<PathEntry> classes = paths(r, f.get("classes"), "analyze.classes", dir);
            List<PathEntry> classpath = paths(r, f.get("classpath"), "analyze.classpath", dir);
            List<PathEntry> sources = paths(r, f.get("sources"), "analyze.sources", dir);
            List<String> exclude = packagePatterns(r, f.get("exclude"), "analyze.exclude");
            Boolean includeTests = f.containsKey("includeTests") ? r.bool(f.get("includeTests"), "analyze.includeTests") : Boolean.FALSE;
            return new Analyze(classes, classpath, sources, exclude, Boolean.TRUE.equals(includeTests));
        }

        private List<PathEntry> paths(NodeReader r, Node node, String what, Path dir) {
            if (node == null) {
                return List.of();
            }
            List<Node> items = r.sequence(node, what);
            if (items == null) {
                return List.of();
            }
            List<PathEntry> result = new ArrayList<>();
            for (Node item : items) {
                String s = r.string(item, what + " entry");
                if (s != null) {
                    result.add(new PathEntry(dir.resolve(s).normalize(), s, r.pos(item)));
                }
            }
            return result;
        }

        private List<String> packagePatterns(NodeReader r, Node node, String what) {
            if (node == null) {
                return List.of();
            }
            List<Node> items = r.sequence(node, what);
            if (items == null) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (Node item : items) {
                String s = r.string(item, what + " entry");
                if (s != null && validPackagePattern(r, item, s, what)) {
                    result.add(s);
                }
            }
            return result;
        }

        private boolean validPackagePattern(NodeReader r, Node at, String pattern, String what) {
            if (pattern.contains("/")) {
                r.problem(at, what + ": '" + pattern + "' is a path, not a package pattern (write e.g. 'com.acme.web..' or '..web..')");
                return false;
            }
            try {
                PackageMatcher.of(pattern);
                return true;
            } catch (IllegalArgumentException e) {
                r.problem(at, what + ": bad package pattern '" + pattern + "': " + e.getMessage());
                return false;
            }
        }

        private GatePolicy readGate(NodeReader r, Node node) {
            Map<String, Node> f = r.mapping(node, "gate", GATE_KEYS);
            if (f == null) {
                return null;
            }
            Severity failOnNew = Severity.MINOR;
            if (f.containsKey("failOnNew")) {
                String s = r.string(f.get("failOnNew"), "gate.failOnNew");
                if (s != null) {
                    failOnNew = Severity.parse(s).orElse(null);
                    if (failOnNew == null) {
                        r.problem(f.get("failOnNew"), "gate.failOnNew: unknown severity '" + s + "'"
                                + Suggestions.hint(s, Arrays.stream(Severity.values()).map(Severity::label).toList()));
                        failOnNew = Severity.MINOR;
                    }
                }
            }
            Optional<Double> minScore = f.containsKey("minScore") ? Optional.ofNullable(r.weight(f.get("minScore"), "gate.minScore")) : Optional.empty();
            Optional<Double> maxDrop = f.containsKey("maxDrop") ? Optional.ofNullable(r.weight(f.get("maxDrop"), "gate.maxDrop")) : Optional.empty();
            return new GatePolicy(failOnNew, minScore, maxDrop, Optional.empty());
        }

        private Scoring readScoring(NodeReader r, Node node) {
            Map<String, Node> f = r.mapping(node, "scoring", SCORING_KEYS);
            if (f == null) {
                return null;
            }
            Map<Severity, Double> severityWeights = new EnumMap<>(Scoring.defaults().severityWeights());
            if (f.containsKey("severityWeights")) {
                Map<String, NodeTuple> e = r.entries(f.get("severityWeights"), "scoring.severityWeights");
                if (e != null) {
                    for (var entry : e.entrySet()) {
                        Optional<Severity> sev = Severity.parse(entry.getKey());
                        if (sev.isEmpty()) {
                            r.problem(entry.getValue().getKeyNode(), "scoring.severityWeights: unknown severity '" + entry.getKey() + "'"
                                    + Suggestions.hint(entry.getKey(), Arrays.stream(Severity.values()).map(Severity::label).toList()));
                            continue;
                        }
                        Double w = r.weight(entry.getValue().getValueNode(), "scoring.severityWeights." + entry.getKey());
                        if (w != null) {
                            severityWeights.put(sev.get(), w);
                        }
                    }
                }
            }
            Map<String, Double> categoryWeights = new TreeMap<>();
            if (f.containsKey("categoryWeights")) {
                Map<String, NodeTuple> e = r.entries(f.get("categoryWeights"), "scoring.categoryWeights");
                if (e != null) {
                    for (var entry : e.entrySet()) {
                        Double w = r.weight(entry.getValue().getValueNode(), "scoring.categoryWeights." + entry.getKey());
                        if (w != null) {
                            categoryWeights.put(entry.getKey(), w);
                        }
                    }
                }
            }
            return new Scoring(Map.copyOf(severityWeights), Map.copyOf(categoryWeights));
        }

        private Map<String, Layer> readLayers(NodeReader r, Node node) {
            Map<String, NodeTuple> entries = r.entries(node, "layers");
            if (entries == null) {
                return Map.of();
            }
            Map<String, Layer> layers = new LinkedHashMap<>();
            for (var e : entries.entrySet()) {
                Node key = e.getValue().getKeyNode();
                if (!NAME.matcher(e.getKey()).matches()) {
                    r.problem(key, "layer name '" + e.getKey() + "' must start with a letter and use letters, digits, '-' or '_'");
                    continue;
                }
                Node value = e.getValue().getValueNode();
                List<String> packages = packagePatterns(r, value, "layer '" + e.getKey() + "'");
                if (value instanceof SequenceNode seq && seq.getValue().isEmpty()) {
                    r.problem(key, "layer '" + e.getKey() + "' needs at least one package pattern");
                }
                layers.put(e.getKey(), new Layer(e.getKey(), packages, r.pos(key)));
            }
            return layers;
        }

        private List<RawRule> readRules(NodeReader r, Node node) {
            List<Node> items = r.sequence(node, "rules");
            if (items == null) {
                return List.of();
            }
            List<RawRule> rules = new ArrayList<>();
            Map<String, Node> seen = new LinkedHashMap<>();
            for (Node item : items) {
                Map<String, Node> f = r.mapping(item, "rule", RULE_KEYS);
                if (f == null) {
                    continue;
                }
                if (!f.containsKey("id")) {
                    r.problem(item, "rule: missing required key 'id'");
                    continue;
                }
                String id = r.string(f.get("id"), "rule id");
                if (id == null) {
                    continue;
                }
                if (!RULE_ID.matcher(id).matches()) {
                    r.problem(f.get("id"), "rule id '" + id + "' must start with a letter and use letters, digits, '.', '-' or '_'");
                    continue;
                }
                Node first = seen.putIfAbsent(id, f.get("id"));
                if (first != null) {
                    r.problem(f.get("id"), "duplicate rule id '" + id + "' (first defined at line " + (first.getStartMark().getLine() + 1) + ")");
                    continue;
                }
                String kind = f.containsKey("kind") ? r.string(f.get("kind"), "rule " + id + ": kind") : null;
                Severity severity = null;
                if (f.containsKey("severity")) {
                    String s = r.string(f.get("severity"), "rule " + id + ": severity");
                    if (s != null) {
                        severity = Severity.parse(s).orElse(null);
                        if (severity == null) {
                            r.problem(f.get("severity"), "rule " + id + ": unknown severity '" + s + "'"
                                    + Suggestions.hint(s, Arrays.stream(Severity.values()).map(Severity::label).toList()));
                        }
                    }
                }
                String category = f.containsKey("category") ? r.string(f.get("category"), "rule " + id + ": category") : null;
                if (category != null && !NAME.matcher(category).matches()) {
                    r.problem(f.get("category"), "rule " + id + ": category '" + category + "' must be a simple name like 'layering'");
                    category = null;
                }
                String message = f.containsKey("message") ? r.string(f.get("message"), "rule " + id + ": message") : null;
                String docs = f.containsKey("docs") ? r.string(f.get("docs"), "rule " + id + ": docs") : null;
                Boolean enabled = f.containsKey("enabled") ? r.bool(f.get("enabled"), "rule " + id + ": enabled") : null;
                Map<String, RawParam> params = new LinkedHashMap<>();
                if (f.containsKey("params")) {
                    Map<String, NodeTuple> p = r.entries(f.get("params"), "rule " + id + ": params");
                    if (p != null) {
                        p.forEach((k, t) -> params.put(k, new RawParam(t.getKeyNode(), t.getValueNode(), r)));
                    }
                }
                rules.add(new RawRule(id, kind, severity, category, message, docs, enabled, params, r.pos(item), f.get("id"), r));
            }
            return rules;
        }

        private List<Suppression> readSuppressions(NodeReader r, Node node) {
            List<Node> items = r.sequence(node, "suppressions");
            if (items == null) {
                return List.of();
            }
            List<Suppression> result = new ArrayList<>();
            for (Node item : items) {
                Map<String, Node> f = r.mapping(item, "suppression", SUPPRESSION_KEYS);
                if (f == null) {
                    continue;
                }
                boolean complete = true;
                for (String required : List.of("rule", "reason")) {
                    if (!f.containsKey(required)) {
                        r.problem(item, "suppression: missing required key '" + required + "'"
                                + (required.equals("reason") ? " (say why the finding is accepted)" : ""));
                        complete = false;
                    }
                }
                if (!complete) {
                    continue;
                }
                String rule = r.string(f.get("rule"), "suppression rule");
                String where = f.containsKey("where") ? r.string(f.get("where"), "suppression where") : "**";
                String reason = r.string(f.get("reason"), "suppression reason");
                LocalDate expires = f.containsKey("expires") ? r.date(f.get("expires"), "suppression expires") : null;
                if (rule != null && where != null && reason != null && (expires != null || !f.containsKey("expires"))) {
                    result.add(new Suppression(rule, where, reason, Optional.ofNullable(expires), r.pos(item)));
                }
            }
            return result;
        }

        Contract finish(Path file, RawFile top, boolean checkPaths) {
            Map<String, Layer> layers = new LinkedHashMap<>();
            Map<String, RawRule> rules = new LinkedHashMap<>();
            Map<String, String> ruleOrigin = new LinkedHashMap<>();
            List<Suppression> suppressions = new ArrayList<>();
            merge(top, layers, rules, ruleOrigin, suppressions, true, new HashSet<>());

            List<RuleSpec> specs = new ArrayList<>();
            for (RawRule raw : rules.values()) {
                RuleSpec spec = toSpec(raw, layers);
                if (spec != null) {
                    specs.add(spec);
                }
            }
            Analyze analyze = top.analyze != null ? top.analyze : Analyze.empty();
            for (Suppression s : suppressions) {
                Pattern p = Globs.toPattern(s.rule());
                if (rules.keySet().stream().noneMatch(id -> p.matcher(id).matches())) {
                    problems.add(new ContractProblem(s.pos(), "suppression rule '" + s.rule() + "' matches no rule"
                            + Suggestions.hint(s.rule(), rules.keySet())));
                }
            }
            if (checkPaths && top.parsed) {
                checkPaths(analyze, file.toString());
            }
            if (!problems.isEmpty()) {
                List<ContractProblem> sorted = new ArrayList<>(new LinkedHashSet<>(problems));
                sorted.sort(Comparator.comparing((ContractProblem p) -> p.pos().file().equals(file.toString()) ? 1 : 0)
                        .thenComparing(p -> p.pos().file())
                        .thenComparingInt(p -> p.pos().line())
                        .thenComparingInt(p -> p.pos().column()));
                throw new ContractException(sorted);
            }
            return new Contract(file, top.version == null ? FORMAT_VERSION : top.version, top.name == null ? "" : top.name,
                    top.extendsRefs, analyze, Collections.unmodifiableMap(layers), List.copyOf(specs),
                    List.copyOf(suppressions), top.scoring != null ? top.scoring : Scoring.defaults(),
                    top.gate != null ? top.gate : GatePolicy.defaults(), HexFormat.of().formatHex(digest.digest()),
                    List.copyOf(localFiles));
        }

        /** Parents first, each file once (a pack reached by two paths is merged once), then the file's own entries. */
        private void merge(RawFile f, Map<String, Layer> layers, Map<String, RawRule> rules,
                           Map<String, String> ruleOrigin, List<Suppression> suppressions, boolean overriding, Set<String> merged) {
            if (!merged.add(f.key)) {
                return;
            }
            for (RawFile parent : f.parents) {
                merge(parent, layers, rules, ruleOrigin, suppressions, false, merged);
            }
            layers.putAll(f.layers);
            for (RawRule rule : f.rules) {
                RawRule base = rules.get(rule.id);
                if (base == null) {
                    rules.put(rule.id, rule);
                    ruleOrigin.put(rule.id, f.label);
                } else if (overriding || f.parents.stream().anyMatch(p -> definesRule(p, rule.id))) {
                    rules.put(rule.id, base.overriddenBy(rule));
                    ruleOrigin.put(rule.id, f.label);
                } else {
                    rule.reader.problem(rule.idNode, "rule id '" + rule.id + "' is also defined in " + ruleOrigin.get(rule.id)
                            + "; override it from the contract that extends both");
                }
            }
            suppressions.addAll(f.suppressions);
        }

        private boolean definesRule(RawFile f, String id) {
            return f.rules.stream().anyMatch(r -> r.id.equals(id)) || f.parents.stream().anyMatch(p -> definesRule(p, id));
        }

        private RuleSpec toSpec(RawRule raw, Map<String, Layer> layers) {
            if (raw.kind == null) {
                raw.reader.problem(raw.idNode, "rule " + raw.id + ": missing required key 'kind' (no extended rule has this id to override)");
                return null;
            }
            Optional<RuleKind> kind = kinds.find(raw.kind);
            if (kind.isEmpty()) {
                raw.reader.problem(raw.idNode, "rule " + raw.id + ": unknown rule kind '" + raw.kind + "'" + Suggestions.hint(raw.kind, kinds.names()));
                return null;
            }
            Params params = readParams(raw, kind.get(), layers);
            if (params == null) {
                return null;
            }
            var meta = kind.get().meta();
            return new RuleSpec(raw.id, raw.kind,
                    raw.severity != null ? raw.severity : meta.defaultSeverity(),
                    raw.category != null ? raw.category : meta.category(),
                    raw.message != null ? raw.message : meta.title(),
                    raw.docs, raw.enabled == null || raw.enabled, params, raw.pos);
        }

        private Params readParams(RawRule raw, RuleKind kind, Map<String, Layer> layers) {
            Map<String, ParamSpec> specs = new LinkedHashMap<>();
            kind.params().forEach(p -> specs.put(p.name(), p));
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, SourcePos> positions = new LinkedHashMap<>();
            boolean ok = true;
            String prefix = "rule " + raw.id + " (" + kind.name() + ")";
            for (var e : raw.params.entrySet()) {
                ParamSpec spec = specs.get(e.getKey());
                NodeReader r = e.getValue().reader;
                Node node = e.getValue().node;
                if (spec == null) {
                    r.problem(e.getValue().key, prefix + ": unknown param '" + e.getKey() + "'" + Suggestions.hint(e.getKey(), specs.keySet()));
                    ok = false;
                    continue;
                }
                Object value = readParam(r, node, spec, prefix + ": params." + spec.name(), layers);
                if (value == null) {
                    ok = false;
                } else {
                    values.put(spec.name(), value);
                    positions.put(spec.name(), r.pos(node));
                }
            }
            for (ParamSpec spec : specs.values()) {
                if (spec.required() && !raw.params.containsKey(spec.name())) {
                    raw.reader.problem(raw.idNode, prefix + ": missing required param '" + spec.name() + "' (" + spec.description() + ")");
                    ok = false;
                }
            }
            return ok ? new Params(values, positions) : null;
        }

        private Object readParam(NodeReader r, Node node, ParamSpec spec, String what, Map<String, Layer> layers) {
            return switch (spec.type()) {
                case STRING -> {
                    String s = r.string(node, what);
                    if (s != null && !spec.allowed().isEmpty() && !spec.allowed().contains(s)) {
                        r.problem(node, what + ": '" + s + "' is not allowed" + Suggestions.hint(s, spec.allowed()));
                        yield null;
                    }
                    yield s;
                }
                case STRING_LIST -> r.strings(node, what);
                case BOOLEAN -> r.bool(node, what);
                case INTEGER -> r.integer(node, what);
                case LAYER_LIST -> layerNames(r, node, what, layers);
                case PACKAGE_LIST -> {
                    List<String> l = packagePatterns(r, node, what);
                    List<Node> items = r.sequence(node, what);
                    yield items != null && l.size() == items.size() ? l : null;
                }
                case SELECTOR -> selector(r, node, what, layers);
                case SELECTOR_LIST -> {
                    List<Node> items = r.sequence(node, what);
                    if (items == null) {
                        yield null;
                    }
                    List<ClassSelector> result = new ArrayList<>();
                    for (Node item : items) {
                        ClassSelector s = selector(r, item, what + " entry", layers);
                        if (s == null) {
                            yield null;
                        }
                        result.add(s);
                    }
                    yield result;
                }
            };
        }

        private List<String> layerNames(NodeReader r, Node node, String what, Map<String, Layer> layers) {
            List<Node> items = r.sequence(node, what);
            if (items == null) {
                return null;
            }
            List<String> result = new ArrayList<>();
            boolean ok = true;
            for (Node item : items) {
                String name = r.string(item, what + " entry");
                if (name == null) {
                    ok = false;
                } else if (!layers.containsKey(name)) {
                    r.problem(item, what + ": unknown layer '" + name + "'" + Suggestions.hint(name, layers.keySet()));
                    ok = false;
                } else {
                    result.add(name);
                }
            }
            return ok ? result : null;
        }

        private ClassSelector selector(NodeReader r, Node node, String what, Map<String, Layer> layers) {
            Map<String, Node> f = r.mapping(node, what, ClassSelector.KEYS);
            if (f == null) {
                return null;
            }
            int before = problems.size();
            List<String> layerNames = f.containsKey("layers") ? layerNames(r, f.get("layers"), what + ".layers", layers) : List.of();
            List<String> packages = f.containsKey("packages") ? packagePatterns(r, f.get("packages"), what + ".packages") : List.of();
            List<String> classes = f.containsKey("classes") ? r.strings(f.get("classes"), what + ".classes") : List.of();
            List<String> annotated = f.containsKey("annotatedWith") ? typeNames(r, f.get("annotatedWith"), what + ".annotatedWith") : List.of();
            List<String> assignable = f.containsKey("assignableTo") ? typeNames(r, f.get("assignableTo"), what + ".assignableTo") : List.of();
            String regex = f.containsKey("nameMatching") ? r.string(f.get("nameMatching"), what + ".nameMatching") : null;
            if (regex != null) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    r.problem(f.get("nameMatching"), what + ".nameMatching: bad regular expression: " + YamlSource.oneLine(e.getDescription()));
                }
            }
            if (problems.size() > before || layerNames == null || classes == null || annotated == null || assignable == null) {
                return null;
            }
            ClassSelector s = new ClassSelector(layerNames, packages, classes, annotated, assignable, Optional.ofNullable(regex));
            if (s.isEmpty()) {
                r.problem(node, what + ": an empty selector would match every class; give at least one of " + String.join(", ", ClassSelector.KEYS));
                return null;
            }
            return s;
        }

        private List<String> typeNames(NodeReader r, Node node, String what) {
            List<String> names = r.strings(node, what);
            if (names == null) {
                return null;
            }
            List<Node> items = r.sequence(node, what);
            for (int i = 0; i < names.size(); i++) {
                if (!names.get(i).matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                    r.problem(items.get(i), what + ": '" + names.get(i) + "' is not a fully qualified type name");
                    return null;
                }
            }
            return names;
        }

        private void checkPaths(Analyze analyze, String label) {
            if (analyze.classes().isEmpty()) {
                problems.add(new ContractProblem(new SourcePos(label, 1, 1), "analyze.classes: give at least one class directory or jar to analyse"));
            }
            check(analyze.classes(), "analyze.classes", "build the project first (e.g. mvn -DskipTests package)");
            check(analyze.classpath(), "analyze.classpath", "e.g. mvn dependency:copy-dependencies -DoutputDirectory=target/lib");
            check(analyze.sources(), "analyze.sources", "fix the path, or remove it");
        }

        private void check(List<PathEntry> entries, String what, String fix) {
            for (PathEntry e : entries) {
                if (!Files.exists(e.path())) {
                    problems.add(new ContractProblem(e.pos(), what + ": '" + e.written() + "' does not exist (" + e.path() + "); " + fix));
                } else if (!Files.isDirectory(e.path()) && !e.path().toString().endsWith(".jar")) {
                    problems.add(new ContractProblem(e.pos(), what + ": '" + e.written() + "' is neither a directory nor a .jar"));
                }
            }
        }
    }

    private static String canonical(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
