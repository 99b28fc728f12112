package dev.archgov.engine.load;

import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.LinkTemplates;
import dev.archgov.engine.contract.Params;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.contract.RulePages;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.contract.Suppression;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.spi.Globs;
import dev.archgov.spi.RuleKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.archgov.engine.load.ContractLoader.*;

/**
 * Merges a contract with everything it extends (parents first, each file once, overrides only from the extending
 * file), turns each merged rule into a {@link RuleSpec} checked against its kind, and fails with every problem found.
 */
final class ContractMerger {
    private final RuleKinds kinds;
    private final List<ContractProblem> problems;
    private final ParamsReader paramsReader;

    ContractMerger(RuleKinds kinds, List<ContractProblem> problems) {
        this.kinds = kinds;
        this.problems = problems;
        this.paramsReader = new ParamsReader(problems);
    }

    Contract finish(Path file, RawFile top, boolean checkPaths, String hash, List<Path> localFiles) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        Map<String, RawRule> rules = new LinkedHashMap<>();
        Map<String, String> ruleOrigin = new LinkedHashMap<>();
        List<Suppression> suppressions = new ArrayList<>();
        merge(top, layers, rules, ruleOrigin, suppressions, true, new HashSet<>());

        List<RuleSpec> specs = new ArrayList<>();
        for (RawRule raw : rules.values()) {
            RuleSpec spec = toSpec(raw, layers);
            if (spec != null && (spec.docs() == null || spec.docs().isEmpty()) && top.docsBaseUrl() != null) { // the page archgov docs wrote for it
                spec = new RuleSpec(spec.id(), spec.kind(), spec.severity(), spec.category(), spec.message(),
                        top.docsBaseUrl() + RulePages.rulePage(spec.id()), spec.enabled(), spec.allowEmpty(), spec.params(), spec.pos());
            }
            if (spec != null) {
                specs.add(spec);
            }
        }
        Analyze analyze = top.analyze() != null ? top.analyze() : Analyze.empty();
        for (Suppression s : suppressions) {
            Globs.Glob p = Globs.compile(s.rule());
            if (rules.keySet().stream().noneMatch(p::matches)) {
                problems.add(new ContractProblem(s.pos(), "suppression rule '" + s.rule() + "' matches no rule"
                        + Suggestions.hint(s.rule(), rules.keySet())));
            }
        }
        if (checkPaths && top.parsed()) {
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
        return new Contract(file, top.version() == null ? FORMAT_VERSION : top.version(), top.name() == null ? "" : top.name(),
                top.extendsRefs(), analyze, Collections.unmodifiableMap(layers), List.copyOf(specs),
                List.copyOf(suppressions), top.scoring() != null ? top.scoring() : Scoring.defaults(),
                top.gate() != null ? top.gate() : GatePolicy.defaults(), hash,
                List.copyOf(localFiles), top.links() != null ? top.links() : LinkTemplates.NONE);
    }

    /** Parents first, each file once (a pack reached by two paths is merged once), then the file's own entries. */
    private void merge(RawFile f, Map<String, Layer> layers, Map<String, RawRule> rules,
                       Map<String, String> ruleOrigin, List<Suppression> suppressions, boolean overriding, Set<String> merged) {
        if (!merged.add(f.key())) {
            return;
        }
        for (RawFile parent : f.parents()) {
            merge(parent, layers, rules, ruleOrigin, suppressions, false, merged);
        }
        layers.putAll(f.layers());
        for (RawRule rule : f.rules()) {
            RawRule base = rules.get(rule.id());
            if (base == null) {
                rules.put(rule.id(), rule);
                ruleOrigin.put(rule.id(), f.label());
            } else if (overriding || f.parents().stream().anyMatch(p -> definesRule(p, rule.id()))) {
                rules.put(rule.id(), base.overriddenBy(rule));
                ruleOrigin.put(rule.id(), f.label());
            } else {
                rule.reader().problem(rule.idNode(), "rule id '" + rule.id() + "' is also defined in " + ruleOrigin.get(rule.id())
                        + "; override it from the contract that extends both");
            }
        }
        suppressions.addAll(f.suppressions());
    }

    private boolean definesRule(RawFile f, String id) {
        return f.rules().stream().anyMatch(r -> r.id().equals(id)) || f.parents().stream().anyMatch(p -> definesRule(p, id));
    }

    private RuleSpec toSpec(RawRule raw, Map<String, Layer> layers) {
        if (raw.kind() == null) {
            raw.reader().problem(raw.idNode(), "rule " + raw.id() + ": missing required key 'kind' (no extended rule has this id to override)");
            return null;
        }
        Optional<RuleKind> kind = kinds.find(raw.kind());
        if (kind.isEmpty()) {
            raw.reader().problem(raw.idNode(), "rule " + raw.id() + ": unknown rule kind '" + raw.kind() + "'" + Suggestions.hint(raw.kind(), kinds.names()));
            return null;
        }
        Params params = paramsReader.readParams(raw, kind.get(), layers);
        if (params == null) {
            return null;
        }
        var meta = kind.get().meta();
        return new RuleSpec(raw.id(), raw.kind(),
                raw.severity() != null ? raw.severity() : meta.defaultSeverity(),
                raw.category() != null ? raw.category() : meta.category(),
                raw.message() != null ? raw.message() : meta.title(),
                raw.docs(), raw.enabled() == null || raw.enabled(), raw.allowEmpty() != null && raw.allowEmpty(), params, raw.pos());
    }

    private void checkPaths(Analyze analyze, String label) {
        if (analyze.classes().isEmpty() && analyze.build() == Analyze.BuildTool.NONE) { // else the build names its modules' classes
            problems.add(new ContractProblem(new SourcePos(label, 1, 1), "analyze.classes: give at least one class directory or jar to analyse"));
        }
        check(analyze.classes(), "analyze.classes", "build the project first (e.g. mvn -DskipTests package)");
        check(analyze.classpath(), "analyze.classpath", "e.g. mvn dependency:copy-dependencies -DoutputDirectory=target/lib");
        check(analyze.sources(), "analyze.sources", "fix the path, or remove it");
    }

    private void check(List<PathEntry> entries, String what, String fix) {
        check(entries, what, fix, problems);
    }

    /** Each entry must exist and be a directory or a jar. */
    static void check(List<PathEntry> entries, String what, String fix, List<ContractProblem> problems) {
        for (PathEntry e : entries) {
            if (!Files.exists(e.path())) {
                problems.add(new ContractProblem(e.pos(), SectionReader.isGlob(e.written())
                        ? what + ": the glob '" + e.written() + "' matches nothing below the contract's directory; " + fix
                        : what + ": '" + e.written() + "' does not exist (" + e.path() + "); " + fix));
            } else if (!Files.isDirectory(e.path()) && !e.path().toString().endsWith(".jar")) {
                problems.add(new ContractProblem(e.pos(), what + ": '" + e.written() + "' is neither a directory nor a .jar"));
            }
        }
    }
}
