package dev.archgov.engine.load;

import dev.archgov.engine.contract.AnalysisOverride;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.LinkTemplates;
import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.contract.Suppression;
import dev.archgov.engine.hashing.Hashing;
import dev.archgov.engine.kinds.RuleKinds;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a contract file and everything it extends, and validates it completely before anything runs. Every problem
 * is collected with its file, line and column; if there is any, a {@link ContractException} carries them all.
 */
public final class ContractLoader {
    public static final int FORMAT_VERSION = 1;
    public static final String BUILTIN_PREFIX = "builtin:";
    static final String PACK_RESOURCE_DIR = "archgov/packs/";
    static final List<String> TOP_KEYS = List.of("version", "name", "extends", "analyze", "layers", "rules", "suppressions", "scoring", "gate", "build", "docsBaseUrl", "links",
            "traits");
    /** The keys of {@code traits} and the bundled pack each value switches on ({@code archgov explain traits}). */
    static final List<String> TRAIT_KEYS = List.of("readHeavy", "consistency");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");
    static final List<String> LINK_KEYS = List.of("fileUrl", "commitUrl");
    static final List<String> GATE_KEYS = List.of("failOnNew", "minScore", "maxDrop", "allowContractChanges");
    static final List<String> SCORING_KEYS = List.of("severityWeights", "categoryWeights");
    static final List<String> ANALYZE_KEYS = List.of("classes", "classpath", "sources", "exclude", "config", "includeTests", "release", "onUnreadable",
            "maven", "gradle");
    static final List<String> RULE_KEYS = List.of("id", "kind", "severity", "category", "message", "docs", "enabled", "allowEmpty", "params");
    static final List<String> SUPPRESSION_KEYS = List.of("rule", "where", "reason", "expires");
    static final Pattern RULE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    static final int MAX_EXTENDS_DEPTH = 16;

    private final RuleKinds kinds;
    private final ContractFiles files;

    public ContractLoader(RuleKinds kinds, ClassLoader resources) {
        this.kinds = kinds;
        this.files = new ContractFiles(resources);
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

    /**
     * Loads a contract whose analysed paths are (partly) given from outside ({@link AnalysisOverride}): its own
     * {@code analyze} paths may then be missing or absent, the given ones are checked instead (each must exist and be a
     * directory or a jar; some classes must be given or written).
     */
    public Contract load(Path file, AnalysisOverride override) {
        if (override.isEmpty()) {
            return load(file);
        }
        Contract contract = override.applyTo(load(file, false));
        List<ContractProblem> problems = new ArrayList<>();
        if (contract.analyze().classes().isEmpty() && contract.analyze().build() == Analyze.BuildTool.NONE) {
            problems.add(new ContractProblem(SourcePos.file(file.toString()), "analyze.classes: give at least one class directory or jar to analyse"));
        }
        ContractMerger.check(contract.analyze().classes(), "analyze.classes", "build the project first", problems);
        ContractMerger.check(contract.analyze().classpath(), "analyze.classpath", "resolve the dependencies first", problems);
        ContractMerger.check(contract.analyze().sources(), "analyze.sources", "fix the path", problems);
        if (!problems.isEmpty()) {
            throw new ContractException(problems);
        }
        return contract;
    }

    public Contract load(Path file, boolean checkPaths) {
        Session session = new Session();
        String label = file.toString();
        String text = ContractFiles.readFile(file, label);
        RawFile top = session.parse(label, canonical(file), file.toAbsolutePath().getParent(), text, true, 0);
        return session.finish(file, top, checkPaths);
    }

    /**
     * The rules a command describes (explain, docs): the contract's own first when one is given (loaded without requiring
     * its analysed paths; its configuration of a bundled rule wins), then every bundled pack.
     */
    public List<Contract> contractAndBuiltinPacks(Path contractOrNull) {
        List<Contract> sources = new ArrayList<>();
        if (contractOrNull != null) {
            sources.add(load(contractOrNull, false));
        }
        for (String pack : builtinPacks()) {
            sources.add(loadBuiltin(pack));
        }
        return sources;
    }

    /** A bundled pack on its own, as if a contract extended only it (for listing and explaining rules). */
    public Contract loadBuiltin(String name) {
        Session session = new Session();
        String label = BUILTIN_PREFIX + name;
        String text = files.readBuiltin(name, null, label);
        RawFile pack = session.parse(label, label, null, text, false, 0);
        return session.finish(Path.of(name + ".yaml"), pack, false);
    }

    /** Names of the bundled packs on the class path, from every {@code archgov/packs/index.txt}. */
    public List<String> builtinPacks() {
        return files.builtinPacks();
    }








    /** State of one load: problems found so far, files read (for the hash), extends chain (for cycles). */
    private final class Session {
        private final List<ContractProblem> problems = new ArrayList<>();
        private final MessageDigest digest = Hashing.sha256();
        private final List<String> chain = new ArrayList<>();
        private final Set<Path> localFiles = new LinkedHashSet<>();
        private final SectionReader sections = new SectionReader(problems);

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
                Integer version = sections.readVersion(r, root, fields, top);
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
                Optional<Node> traitsNode = topLevelOnly(r, fields, "traits", top);
                if (traitsNode.isPresent()) {
                    for (String pack : traitPacks(r, traitsNode.get())) {
                        RawFile parent = loadParent(BUILTIN_PREFIX + pack, r.pos(traitsNode.get()), dir, depth);
                        if (parent != null) {
                            parents.add(parent);
                        }
                    }
                }
                Analyze analyze = topLevelOnly(r, fields, "analyze", top).map(n -> sections.readAnalyze(r, n, dir)).orElse(null);
                Map<String, Layer> layers = fields.containsKey("layers") ? sections.readLayers(r, fields.get("layers")) : Map.of();
                List<RawRule> rules = fields.containsKey("rules") ? sections.readRules(r, fields.get("rules")) : List.of();
                List<Suppression> suppressions = fields.containsKey("suppressions")
                        ? sections.readSuppressions(r, fields.get("suppressions")) : List.of();
                Scoring scoring = topLevelOnly(r, fields, "scoring", top).map(n -> sections.readScoring(r, n)).orElse(null);
                GatePolicy gate = topLevelOnly(r, fields, "gate", top).map(n -> sections.readGate(r, n)).orElse(null);
                String command = topLevelOnly(r, fields, "build", top).map(n -> r.string(n, "build")).orElse(null);
                if (command != null) {
                    gate = (gate == null ? GatePolicy.defaults() : gate).withBuild(command);
                }
                String docsBaseUrl = topLevelOnly(r, fields, "docsBaseUrl", top).map(n -> docsBaseUrl(r, n)).orElse(null);
                LinkTemplates links = topLevelOnly(r, fields, "links", top).map(n -> links(r, n)).orElse(null);
                return new RawFile(label, key, dir, version, name, rules, layers, analyze, suppressions, parents, extendsRefs, scoring, gate,
                        docsBaseUrl, links, true);
            } catch (ContractException e) {
                problems.addAll(e.problems());
                return emptyFile(label, key, dir);
            } finally {
                chain.remove(chain.size() - 1);
            }
        }

        /**
         * {@code traits}: what kind of service this is; each trait switches on a bundled pack of the rules such a service
         * must keep ({@code readHeavy: true} → traits-read-heavy, {@code consistency: strong} → traits-strong-consistency).
         */
        private List<String> traitPacks(NodeReader r, Node node) {
            Map<String, Node> f = r.mapping(node, "traits", TRAIT_KEYS);
            if (f == null) {
                return List.of();
            }
            List<String> packs = new ArrayList<>();
            if (f.containsKey("readHeavy") && Boolean.TRUE.equals(r.bool(f.get("readHeavy"), "traits.readHeavy"))) {
                packs.add("traits-read-heavy");
            }
            if (f.containsKey("consistency")) {
                String c = r.string(f.get("consistency"), "traits.consistency");
                if ("strong".equals(c)) {
                    packs.add("traits-strong-consistency");
                } else if (c != null && !"eventual".equals(c)) {
                    r.problem(f.get("consistency"), "traits.consistency: '" + c + "' is not a consistency" + Suggestions.hint(c, List.of("strong", "eventual")));
                }
            }
            return packs;
        }

        /** {@code docsBaseUrl}: an absolute http(s) URL, ending with a slash once read (the rule pages lie below it). */
        private String docsBaseUrl(NodeReader r, Node node) {
            String url = r.string(node, "docsBaseUrl");
            if (url == null) {
                return null;
            }
            try {
                URI uri = new URI(url);
                if (uri.isAbsolute() && (uri.getScheme().equals("https") || uri.getScheme().equals("http")) && uri.getHost() != null) {
                    return url.endsWith("/") ? url : url + "/";
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            r.problem(node, "docsBaseUrl: '" + url + "' is not an http(s) URL (e.g. https://acme.example/archgov/, where archgov docs -o wrote the pages)");
            return null;
        }

        /**
         * {@code links}: URL templates of the repository's web view; each an http(s) URL whose placeholders are
         * {commit}, {path} and {line}, the file's with {commit} and {path}, the commit's with {commit}.
         */
        private LinkTemplates links(NodeReader r, Node node) {
            Map<String, Node> f = r.mapping(node, "links", LINK_KEYS);
            if (f == null) {
                return null;
            }
            String file = f.containsKey("fileUrl") ? template(r, f.get("fileUrl"), "links.fileUrl", List.of("{commit}", "{path}")) : null;
            String commit = f.containsKey("commitUrl") ? template(r, f.get("commitUrl"), "links.commitUrl", List.of("{commit}")) : null;
            return new LinkTemplates(file, commit);
        }

        private String template(NodeReader r, Node node, String what, List<String> required) {
            String t = r.string(node, what);
            if (t == null) {
                return null;
            }
            List<String> unknown = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(t);
            while (m.find()) {
                if (!List.of("{commit}", "{path}", "{line}").contains(m.group())) {
                    unknown.add(m.group());
                }
            }
            List<String> missing = required.stream().filter(p -> !t.contains(p)).toList();
            if (!t.startsWith("https://") && !t.startsWith("http://") || !unknown.isEmpty() || !missing.isEmpty()) {
                r.problem(node, what + ": '" + t + "' must be an http(s) URL with " + String.join(" and ", required)
                        + (unknown.isEmpty() ? "" : " (unknown placeholder " + String.join(", ", unknown) + "; known: {commit}, {path}, {line})"));
                return null;
            }
            return t;
        }

        /** Where extended files may live: the repository of the top contract (the nearest directory with .git), else its directory. */
        private Path boundary() {
            Path top = topDir == null ? Path.of("").toAbsolutePath() : topDir.toAbsolutePath().normalize();
            for (Path d = top; d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"))) {
                    return d;
                }
            }
            return top;
        }

        /** {@code file}, links resolved, lies inside {@code boundary} (links resolved too). */
        private static boolean inside(Path file, Path boundary) {
            try {
                return file.toRealPath().startsWith(boundary.toRealPath());
            } catch (IOException e) {
                return false;
            }
        }

        Contract finish(Path file, RawFile top, boolean checkPaths) {
            return new ContractMerger(kinds, problems).finish(file, top, checkPaths, HexFormat.of().formatHex(digest.digest()),
                    List.copyOf(localFiles));
        }

        /** A section only the top-level contract may hold: its node there; in an extended file a problem, and nothing. */
        private Optional<Node> topLevelOnly(NodeReader r, Map<String, Node> fields, String key, boolean top) {
            if (!fields.containsKey(key)) {
                return Optional.empty();
            }
            if (!top) {
                r.problem(fields.get(key), "'" + key + "' belongs in the top-level contract, not in an extended file");
                return Optional.empty();
            }
            return Optional.of(fields.get(key));
        }

        private RawFile emptyFile(String label, String key, Path dir) {
            return new RawFile(label, key, dir, null, null, List.of(), Map.of(), null, List.of(), List.of(), List.of(), null, null, null, null, false);
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
                    return parse(ref, ref, null, files.readBuiltin(name, at, ref), false, depth + 1);
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
            Path boundary = boundary();
            if (!inside(file, boundary)) { // a contract names files of its own code base, never a secret elsewhere to echo
                problems.add(new ContractProblem(at, "extends '" + ref + "': " + file + " is outside " + boundary
                        + "; a contract extends files inside its repository (or its own directory outside git) and builtin: packs"));
                return null;
            }
            try {
                return parse(label, canonical(file), file.getParent(), ContractFiles.readFile(file, label), false, depth + 1);
            } catch (ContractException e) {
                problems.addAll(e.problems());
                return null;
            }
        }




















    }

    private static String canonical(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
