package dev.archgov.engine.load;

import com.tngtech.archunit.core.domain.PackageMatcher;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.contract.Suppression;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.archgov.engine.load.ContractLoader.*;

/**
 * Reads the sections of one contract file (version, analyze, layers, rules, suppressions, scoring, gate), collecting
 * every problem with its position instead of stopping at the first.
 */
final class SectionReader {
    private final List<ContractProblem> problems;

    SectionReader(List<ContractProblem> problems) {
        this.problems = problems;
    }

    Integer readVersion(NodeReader r, Node root, Map<String, Node> fields, boolean top) {
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

    Analyze readAnalyze(NodeReader r, Node node, Path dir) {
        Map<String, Node> f = r.mapping(node, "analyze", ANALYZE_KEYS);
        if (f == null) {
            return null;
        }
        List<PathEntry> classes = paths(r, f.get("classes"), "analyze.classes", dir);
        List<PathEntry> classpath = paths(r, f.get("classpath"), "analyze.classpath", dir);
        List<PathEntry> sources = paths(r, f.get("sources"), "analyze.sources", dir);
        List<PathEntry> config = paths(r, f.get("config"), "analyze.config", dir);
        List<String> exclude = packagePatterns(r, f.get("exclude"), "analyze.exclude");
        Boolean includeTests = f.containsKey("includeTests") ? r.bool(f.get("includeTests"), "analyze.includeTests") : Boolean.FALSE;
        Optional<Integer> release = Optional.empty();
        if (f.containsKey("release")) {
            Double r2 = r.weight(f.get("release"), "analyze.release");
            if (r2 != null && (r2 < 8 || r2 != Math.rint(r2))) {
                r.problem(f.get("release"), "analyze.release: a Java release is a whole number from 8 on, e.g. 17");
            } else if (r2 != null) {
                release = Optional.of(r2.intValue());
            }
        }
        boolean warnUnreadable = false;
        if (f.containsKey("onUnreadable")) {
            String mode = r.string(f.get("onUnreadable"), "analyze.onUnreadable");
            if (mode != null && !mode.equals("fail") && !mode.equals("warn")) {
                r.problem(f.get("onUnreadable"), "analyze.onUnreadable: '" + mode + "' is not one of fail, warn");
            }
            warnUnreadable = "warn".equals(mode);
        }
        Boolean maven = f.containsKey("maven") ? r.bool(f.get("maven"), "analyze.maven") : Boolean.FALSE;
        Boolean gradle = f.containsKey("gradle") ? r.bool(f.get("gradle"), "analyze.gradle") : Boolean.FALSE;
        if (Boolean.TRUE.equals(maven) && Boolean.TRUE.equals(gradle)) {
            r.problem(f.get("gradle"), "analyze.gradle: give maven: true or gradle: true, not both");
        }
        Analyze.BuildTool build = Boolean.TRUE.equals(maven) ? Analyze.BuildTool.MAVEN : Boolean.TRUE.equals(gradle) ? Analyze.BuildTool.GRADLE
                : Analyze.BuildTool.NONE;
        return new Analyze(classes, classpath, sources, exclude, Boolean.TRUE.equals(includeTests), release, warnUnreadable, build, config);
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
            if (s == null) {
                continue;
            }
            if (!isGlob(s)) {
                result.add(new PathEntry(dir.resolve(s).normalize(), s, r.pos(item)));
                continue;
            }
            List<Path> matches = expand(dir, s);
            if (matches.isEmpty()) {
                result.add(new PathEntry(dir.resolve(s.replaceAll("[*?\\[\\]{}]", "_")).normalize(), s, r.pos(item))); // reported as matching nothing
            }
            for (Path m : matches) {
                result.add(new PathEntry(m, dir.relativize(m).toString().replace('\\', '/'), r.pos(item)));
            }
        }
        return result;
    }

    /** Whether a path entry is a glob ({@code "*}{@code /target/classes"}, {@code "lib/*.jar"}, {@code "**}{@code /target/classes"}). */
    static boolean isGlob(String entry) {
        return entry.indexOf('*') >= 0 || entry.indexOf('?') >= 0 || entry.indexOf('[') >= 0 || entry.indexOf('{') >= 0;
    }

    /** Depth of the walk a glob may search below the contract's directory. */
    private static final int GLOB_DEPTH = 10;

    /**
     * The files and directories under {@code dir} whose path relative to it matches the glob (Java's glob syntax: {@code *}
     * within one name, {@code **} across names), sorted; hidden directories and {@code node_modules} are not searched.
     */
    static List<Path> expand(Path dir, String glob) {
        PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob.replace('\\', '/'));
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, Set.of(), GLOB_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    String name = d.getFileName() == null ? "" : d.getFileName().toString();
                    if (!d.equals(dir) && (name.startsWith(".") || name.equals("node_modules"))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!d.equals(dir) && matcher.matches(dir.relativize(d))) {
                        found.add(d.normalize());
                        return FileVisitResult.SKIP_SUBTREE; // a matched class directory: not searched further
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (matcher.matches(dir.relativize(f))) {
                        found.add(f.normalize());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable: not a match
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        found.sort(null);
        return found;
    }

    List<String> packagePatterns(NodeReader r, Node node, String what) {
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

    GatePolicy readGate(NodeReader r, Node node) {
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
        boolean allow = f.containsKey("allowContractChanges") && Boolean.TRUE.equals(r.bool(f.get("allowContractChanges"), "gate.allowContractChanges"));
        return new GatePolicy(failOnNew, minScore, maxDrop, Optional.empty(), allow);
    }

    Scoring readScoring(NodeReader r, Node node) {
        Map<String, Node> f = r.mapping(node, "scoring", SCORING_KEYS);
        if (f == null) {
            return null;
        }
        Map<Severity, Double> severityWeights = new EnumMap<>(Scoring.defaults().severityWeights());
        Map<Severity, Node> nodes = new EnumMap<>(Severity.class);
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
                        nodes.put(sev.get(), entry.getValue().getValueNode());
                    }
                }
            }
            // score v2: a weight is what one finding costs; a lesser severity costing more than a graver one is a mistake
            Severity[] order = Severity.values();
            for (int i = 1; i < order.length; i++) {
                Severity lesser = order[i];
                Severity graver = order[i - 1];
                if (severityWeights.get(lesser) > severityWeights.get(graver) && (nodes.containsKey(lesser) || nodes.containsKey(graver))) {
                    r.problem(nodes.getOrDefault(lesser, nodes.get(graver)), String.format(Locale.ROOT,
                            "scoring.severityWeights: %s costs %s points a finding, more than %s (%s); a lesser severity may not cost more",
                            lesser.label(), plain(severityWeights.get(lesser)), graver.label(), plain(severityWeights.get(graver))));
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

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    Map<String, Layer> readLayers(NodeReader r, Node node) {
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
            String what = "layer '" + e.getKey() + "'";
            if (value instanceof MappingNode) { // { packages: [...], annotatedWith: [...] }: any of them
                Map<String, Node> f = r.mapping(value, what, List.of("packages", "annotatedWith"));
                if (f == null) {
                    continue;
                }
                List<String> packages = f.containsKey("packages") ? packagePatterns(r, f.get("packages"), what + ".packages") : List.of();
                List<String> annotated = f.containsKey("annotatedWith") ? r.strings(f.get("annotatedWith"), what + ".annotatedWith") : List.of();
                if (packages == null || annotated == null) {
                    continue;
                }
                if (packages.isEmpty() && annotated.isEmpty()) {
                    r.problem(key, what + " needs at least one package pattern or annotation type");
                    continue;
                }
                layers.put(e.getKey(), new Layer(e.getKey(), packages, annotated, r.pos(key)));
                continue;
            }
            List<String> packages = packagePatterns(r, value, what);
            if (value instanceof SequenceNode seq && seq.getValue().isEmpty()) {
                r.problem(key, what + " needs at least one package pattern");
            }
            layers.put(e.getKey(), new Layer(e.getKey(), packages, r.pos(key)));
        }
        return layers;
    }

    List<RawRule> readRules(NodeReader r, Node node) {
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
            Boolean allowEmpty = f.containsKey("allowEmpty") ? r.bool(f.get("allowEmpty"), "rule " + id + ": allowEmpty") : null;
            Map<String, RawParam> params = new LinkedHashMap<>();
            if (f.containsKey("params")) {
                Map<String, NodeTuple> p = r.entries(f.get("params"), "rule " + id + ": params");
                if (p != null) {
                    p.forEach((k, t) -> params.put(k, new RawParam(t.getKeyNode(), t.getValueNode(), r)));
                }
            }
            rules.add(new RawRule(id, kind, severity, category, message, docs, enabled, allowEmpty, params, r.pos(item), f.get("id"), r));
        }
        return rules;
    }

    List<Suppression> readSuppressions(NodeReader r, Node node) {
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
}
