package dev.archgov.engine.eval;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.imports.AnalysisInputException;
import dev.archgov.engine.imports.ClassImport;
import dev.archgov.engine.imports.ImportedClasses;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.report.SuppressedFinding;
import dev.archgov.engine.report.ToolVersion;
import dev.archgov.engine.score.HealthScore;
import dev.archgov.engine.score.RuleScoreInput;
import dev.archgov.engine.score.ScoreModel;
import dev.archgov.engine.workspace.BuildClasspath;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.config.ConfigFileException;
import dev.archgov.spi.config.ConfigRule;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** One {@code check}: compile, import once, evaluate every rule (in parallel), and assemble the report. */
public final class CheckRunner {

    /**
     * @param failOn   the least severity that fails the run
     * @param today    the date suppressions' expiry is judged against
     * @param parallel evaluate rules in parallel (output order is the same either way)
     * @param cacheDir where to reuse and keep results ({@link ResultCache}) and per-class results for incremental runs
     *                 ({@link IncrementalRun}); empty: always analyse everything
     * @param full     analyse everything even when a previous result or per-class results could be reused (both are
     *                 refreshed)
     */
    public record Options(Severity failOn, LocalDate today, boolean parallel, Optional<Path> cacheDir, boolean full) {
        public Options(Severity failOn, LocalDate today, boolean parallel, Optional<Path> cacheDir) {
            this(failOn, today, parallel, cacheDir, false);
        }

        public Options(Severity failOn, LocalDate today, boolean parallel) {
            this(failOn, today, parallel, Optional.empty());
        }

        public static Options defaults() {
            return new Options(Severity.MINOR, LocalDate.now(), true);
        }
    }

    private CheckRunner() {
    }

    public static Report run(Contract contract, RuleKinds kinds, Options options, long loadMillis) {
        return run(contract, kinds, options, loadMillis, Optional.empty());
    }

    /**
     * As {@link #run(Contract, RuleKinds, Options, long)}; with {@code commit}, the code is that commit's tree
     * exported elsewhere (an audit): the report is stamped with it, and paths are relative to its {@code root}.
     */
    public static Report run(Contract contract, RuleKinds kinds, Options options, long loadMillis, Optional<GitInfo> commit) {
        try (RunIndex index = new RunIndex()) { // all the run knows of its classes goes with it
            return run(contract, kinds, options, loadMillis, commit, index);
        }
    }

    private static Report run(Contract written, RuleKinds kinds, Options options, long loadMillis, Optional<GitInfo> commit,
                              RunIndex index) {
        long start = System.nanoTime();
        Contract contract = BuildClasspath.resolve(written, options.cacheDir()); // analyze.maven / analyze.gradle: the build's paths
        List<CompiledRule> rules = RuleCompiler.compile(contract, kinds, index);
        GitInfo git = commit.orElseGet(() -> GitContext.read(contract.baseDir()));
        Path base = git.present() ? Path.of(git.root()) : contract.baseDir();
        Optional<ResultCache> cache = options.cacheDir().map(ResultCache::new);
        String key = cache.isPresent() ? cacheKey(cache.get(), contract, base, kinds) : "";
        List<String> ids = rules.stream().map(r -> r.spec().id()).toList();
        Optional<ResultCache.Entry> hit = key.isEmpty() || options.full() ? Optional.empty() : cache.get().read(key)
                .filter(e -> e.rules().stream().map(ResultCache.RuleRun::id).toList().equals(ids)); // damaged: a miss
        String[] mode = {"cache-hit"};
        ResultCache.Entry analysed = hit.orElseGet(() -> {
            if (cache.isEmpty()) {
                mode[0] = "full";
                return analyse(contract, rules, base, options);
            }
            IncrementalRun.Outcome outcome = IncrementalRun.analyse(cache.get(), contract, rules, index,
                    afresh -> RuleCompiler.compile(contract, kinds, afresh), base, options, analysisCode(kinds));
            mode[0] = outcome.mode();
            if (outcome.entry() == null) {
                try (RunIndex fresh = new RunIndex()) {
                    return analyse(contract, RuleCompiler.compile(contract, kinds, fresh), base, options);
                }
            }
            return outcome.entry();
        });
        if (hit.isEmpty() && !key.isEmpty()) {
            cache.get().write(key, analysed);
        }
        cache.ifPresent(ResultCache::saveDigests);
        String cacheState = cache.isEmpty() ? "off" : hit.isPresent() ? "hit" : "miss";
        Map<String, ResultCache.RuleRun> runs = new HashMap<>();
        analysed.rules().forEach(r -> runs.put(r.id(), r));
        record Evaluated(CompiledRule rule, long millis, int checked, List<String> unmatched) {
        }
        List<Evaluated> evaluated = rules.stream().map(r -> new Evaluated(r, hit.isPresent() ? 0 : runs.get(r.spec().id()).millis(),
                runs.get(r.spec().id()).checked(), runs.get(r.spec().id()).unmatched())).toList(); // a hit spent no time on any rule
        List<Finding> all = analysed.findings();

        SuppressionFilter.Outcome outcome = SuppressionFilter.apply(all, contract.suppressions(), options.today());

        List<RuleResult> results = new ArrayList<>();
        List<RuleScoreInput> scoreInputs = new ArrayList<>();
        for (Evaluated e : evaluated) {
            var spec = e.rule().spec();
            List<Finding> kept = outcome.kept().stream().filter(f -> f.ruleId().equals(spec.id())).toList();
            int suppressed = (int) outcome.suppressed().stream().map(SuppressedFinding::finding).filter(f -> f.ruleId().equals(spec.id())).count();
            // violating elements: classes, or for a finding in a configuration file its element there
            int violating = (int) kept.stream().map(f -> f.className().isEmpty() ? f.path() + "#" + f.element() : f.className()).distinct().count();
            int checked = Math.max(e.checked(), violating);
            RuleScoreInput input = new RuleScoreInput(spec.id(), spec.category(), spec.severity(), checked, violating, kept.size());
            scoreInputs.add(input);
            results.add(new RuleResult(spec.id(), spec.kind(), spec.category(), spec.severity(), spec.message(),
                    spec.docs() == null ? "" : spec.docs(), kept.size(), suppressed, e.millis(), checked, violating,
                    Math.round(input.compliance() * 10_000) / 10_000.0, e.unmatched()));
        }
        HealthScore score = ScoreModel.compute(scoreInputs, analysed.classes(), contract.scoring());
        boolean passed = outcome.kept().stream().noneMatch(f -> f.severity().atLeast(options.failOn()));
        long total = loadMillis + (System.nanoTime() - start) / 1_000_000;
        return new Report(Report.SCHEMA_VERSION, ToolVersion.get(),
                new Report.ContractInfo(contract.name(), display(base, contract.file()), contract.hash(), contract.links()),
                git, new Report.TargetInfo(analysed.classes(), analysed.packages(), analysed.unreadable(), analysed.duplicates()),
                options.failOn(), passed, score, Optional.empty(), results, outcome.kept(), outcome.suppressed(), outcome.notices(),
                List.of(), List.of(),
                new Report.Timings(loadMillis, hit.isPresent() ? 0 : analysed.importMillis(),
                        hit.isPresent() ? 0 : analysed.evaluateMillis(), total, cacheState, mode[0]));
    }

    /** Import and evaluation: the expensive part, and all that the cache keeps. */
    static ResultCache.Entry analyse(Contract contract, List<CompiledRule> rules, Path base, Options options) {
        try (ImportedClasses imported = ClassImport.importClasses(contract.analyze())) {
            return analyse(rules, base, contract, options, imported, null, null);
        }
    }

    /**
     * Evaluates every rule over the imported classes. With {@code facts}, also records what each evaluated class
     * contributed (its findings, the rules whose scope holds it, the code globs and written selectors it matches, its
     * annotation types), which an incremental run reuses for the classes a change does not reach: of every imported
     * class when {@code factsOf} is null (the import is complete), else of those named there, the only ones the rules
     * are then evaluated on (a partial import: the other classes are there for what those see of them).
     */
    static ResultCache.Entry analyse(List<CompiledRule> rules, Path base, Contract contract, Options options, ImportedClasses imported,
                                     Map<String, ClassFacts> facts, Set<String> factsOf) {
        SourcePaths paths = new SourcePaths(base, contract.analyze().sources().stream().map(PathEntry::path).toList());
        FindingExtractor extractor = new FindingExtractor(paths);
        long evalStart = System.nanoTime();
        record Evaluated(CompiledRule rule, List<Finding> findings, long millis, int checked, List<String> unmatched) {
        }
        WrittenSelectors written = new WrittenSelectors(imported.classes());
        // the annotation types of the analysed code by simple name: gathered once, and only if a selector needs them
        Once<Map<String, Set<String>>> annotationTypes = new Once<>(() -> {
            Map<String, Set<String>> bySimpleName = new HashMap<>();
            imported.classes().forEach(c -> c.getAnnotations().forEach(a -> bySimpleName
                    .computeIfAbsent(a.getRawType().getSimpleName(), k -> new TreeSet<>()).add(a.getRawType().getName())));
            return bySimpleName;
        });
        // configuration files are read before any rule runs: one that does not parse fails the run with its place
        try {
            rules.stream().filter(r -> r.archRule() instanceof ConfigRule).forEach(r -> ((ConfigRule) r.archRule()).files().load());
        } catch (ConfigFileException e) {
            throw new AnalysisInputException(e.getMessage());
        }
        // every rule's scope first, class by class (in parallel over the classes): the classes each rule checks, and on the way
        // the per-class answers rules share (a class's calls, a pack's class questions) computed once per class, instead of
        // by rules evaluated side by side racing through the classes in the same order and computing each answer twice
        List<LongAdder> inScope = rules.stream().map(r -> new LongAdder()).toList();
        Map<String, List<Integer>> scopesOf = facts == null ? null : new ConcurrentHashMap<>();
        // a partial import evaluates the classes it re-checks: the others are there for what those see of them
        JavaClasses evaluatedClasses = factsOf == null ? imported.classes()
                : imported.classes().that(DescribedPredicate.describe("re-checked", c -> factsOf.contains(c.getName())));
        (options.parallel() ? evaluatedClasses.stream().parallel() : evaluatedClasses.stream()).forEach(c -> {
            List<Integer> in = scopesOf == null ? null : new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                if (!(rules.get(i).archRule() instanceof ConfigRule) && rules.get(i).scope().test(c)) {
                    inScope.get(i).increment();
                    if (in != null) {
                        in.add(i);
                    }
                }
            }
            if (scopesOf != null) {
                scopesOf.put(c.getName(), List.copyOf(in));
            }
        });
        Map<CompiledRule, Integer> scopeCounts = new IdentityHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            scopeCounts.put(rules.get(i), inScope.get(i).intValue());
        }
        CompiledRule firstConfigRule = rules.stream().filter(r -> r.archRule() instanceof ConfigRule).findFirst().orElse(null);
        Map<CompiledRule, List<Finding>> ruleFindings = new ConcurrentHashMap<>();
        var stream = options.parallel() ? rules.parallelStream() : rules.stream();
        List<Evaluated> evaluated = stream.map(rule -> {
            long t = System.nanoTime();
            EvaluationResult result = rule.archRule().evaluate(evaluatedClasses);
            List<Finding> own = extractor.extract(rule.spec(), result);
            ruleFindings.put(rule, own);
            List<Finding> findings = new ArrayList<>(own);
            int checked = rule.archRule() instanceof ConfigRule config ? config.checked() : scopeCounts.get(rule); // what a checkpoint examined
            List<String> unmatched = new ArrayList<>(UnmatchedGlobs.of(rule.codeGlobs(), imported.classes()));
            if (rule == firstConfigRule) { // said once: every checkpoint reads the same files
                ((ConfigRule) rule.archRule()).files().missing().forEach(m -> unmatched.add("analyze.config: " + m + " does not exist"));
            }
            findings.addAll(ambiguousAnnotations(rule, annotationTypes::get));
            for (CompiledRule.WrittenSelector s : written.matchingNothing(rule)) {
                unmatched.add(s.label() + ": " + s.predicate().getDescription());
                if (!rule.spec().allowEmpty()) {
                    findings.add(selectorProblem(rule.spec(), s, WrittenSelectors.describe(s)));
                }
            }
            return new Evaluated(rule, findings, (System.nanoTime() - t) / 1_000_000, checked, List.copyOf(unmatched));
        }).toList();
        if (facts != null) {
            ClassFacts.collect(rules, imported.classes(), scopesOf, ruleFindings, facts, factsOf);
        }
        long evalMillis = (System.nanoTime() - evalStart) / 1_000_000;

        List<Finding> all = new ArrayList<>();
        List<ResultCache.RuleRun> runs = new ArrayList<>();
        for (Evaluated e : evaluated) {
            all.addAll(e.findings());
            runs.add(new ResultCache.RuleRun(e.rule().spec().id(), e.millis(), e.checked(), e.unmatched()));
        }
        return new ResultCache.Entry(imported.classCount(), imported.packageCount(), imported.importMillis(), evalMillis, runs,
                finish(rules, all), imported.unreadable(), imported.duplicates());
    }

    /** Fingerprints the run's findings and puts them in report order: by rule as the contract lists them, then place. */
    static List<Finding> finish(List<CompiledRule> rules, List<Finding> findings) {
        Map<String, Integer> ruleOrder = new HashMap<>();
        rules.forEach(r -> ruleOrder.put(r.spec().id(), ruleOrder.size()));
        List<Finding> all = Fingerprints.assign(findings);
        Comparator<Finding> order = Comparator.comparingInt((Finding f) -> ruleOrder.get(f.ruleId()))
                .thenComparing(Finding::path).thenComparingInt(Finding::line).thenComparingInt(Finding::column)
                .thenComparing(Finding::element).thenComparing(Finding::target).thenComparing(Finding::fingerprint);
        all.sort(order);
        return all;
    }

    /** A finding for each annotation a written selector names by simple name that several annotation types of the code share. */
    static List<Finding> ambiguousAnnotations(CompiledRule rule, Supplier<Map<String, Set<String>>> annotationTypes) {
        List<Finding> result = new ArrayList<>();
        for (CompiledRule.WrittenSelector s : rule.selectors()) {
            for (String name : s.simpleAnnotations()) {
                Set<String> types = annotationTypes.get().getOrDefault(name, Set.of());
                if (types.size() > 1) {
                    result.add(selectorProblem(rule.spec(), s, "annotation name @" + name + " in selector " + s.label() + " is ambiguous here: "
                            + String.join(", ", types) + "; write the fully qualified name"));
                }
            }
        }
        return result;
    }

    /**
     * A finding of the rule at the selector in the contract. A selector the contract wrote that matches no analysed class,
     * nor any class the analysed code depends on, fails its rule this way (as ArchUnit's {@code failOnEmptyShould}): the
     * rule would pass there by checking nothing, which is a typo or a stale name far more often than intent; every
     * format leads back to the selector, and {@code allowEmpty: true} on the rule accepts it.
     */
    static Finding selectorProblem(RuleSpec spec, CompiledRule.WrittenSelector s, String detail) {
        return new Finding(spec.id(), spec.severity(), spec.category(), spec.message(), detail, "", "rule " + spec.id(),
                s.label(), s.pos().file(), Math.max(s.pos().line(), 1), "");
    }

    /** The classes whose code decides an analysis: the engine's and every rule kind's (their jars or directories). */
    public static List<Class<?>> analysisCode(RuleKinds kinds) {
        List<Class<?>> code = new ArrayList<>();
        code.add(CheckRunner.class);
        kinds.all().forEach(k -> code.add(k.getClass()));
        return code;
    }

    /** The cache key, or empty when the inputs cannot be read (the analysis then reports that properly). */
    private static String cacheKey(ResultCache cache, Contract contract, Path base, RuleKinds kinds) {
        try {
            return cache.keyReusingDigests(contract, base, analysisCode(kinds));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String display(Path base, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace('\\', '/');
    }
}
