package dev.archgov.engine;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.Priority;
import dev.archgov.engine.contract.AnalysisOverride;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.eval.RuleCompiler;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.engine.report.Report;
import dev.archgov.spi.RunIndex;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Library mode: a contract's rules as plain ArchUnit rules, for a team's own JUnit 5 suite with archunit-junit5.
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.example.shop")
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchRule contract = Archgov.rule(Path.of("archgov.yaml"));
 * }
 * }</pre>
 *
 * The classes come from {@code @AnalyzeClasses}; the contract's {@code analyze} section and suppressions are not
 * used (use the CLI for those).
 */
public final class Archgov {
    private Archgov() {
    }

    private static ContractLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Archgov.class.getClassLoader();
        return new ContractLoader(RuleKinds.load(cl), cl);
    }

    /** Loads and validates a contract without requiring its analysed paths to exist. */
    public static Contract contract(Path file) {
        return loader().load(file, false);
    }

    /**
     * Every enabled rule of the contract, each described as {@code ID: message}. The rules of one call share what they
     * learn about the classes they evaluate (one {@link RunIndex}); it goes when they go.
     */
    public static List<ArchRule> rules(Path contractFile) {
        ContractLoader loader = loader();
        Contract contract = loader.load(contractFile, false);
        return RuleCompiler.compile(contract, loader.kinds(), new RunIndex()).stream()
                .map(r -> (ArchRule) CompositeArchRule.priority(priority(r.spec().severity())).of(r.archRule())).toList();
    }

    /** One rule of the contract by id (for an {@code @ArchTest} field), with its severity as ArchUnit's priority. */
    public static ArchRule rule(Path contractFile, String id) {
        ContractLoader loader = loader();
        Contract contract = loader.load(contractFile, false);
        return RuleCompiler.compile(contract, loader.kinds(), new RunIndex()).stream().filter(r -> r.spec().id().equals(id)).findFirst()
                .map(r -> (ArchRule) CompositeArchRule.priority(priority(r.spec().severity())).of(r.archRule()))
                .orElseThrow(() -> new IllegalArgumentException(contractFile + ": no enabled rule " + id));
    }

    /** ArchUnit's priority for a severity: blocker and critical HIGH, major MEDIUM, minor and info LOW. */
    public static Priority priority(Severity severity) {
        return switch (severity) {
            case BLOCKER, CRITICAL -> Priority.HIGH;
            case MAJOR -> Priority.MEDIUM;
            default -> Priority.LOW;
        };
    }

    /** All enabled rules of the contract as one ArchUnit rule. */
    public static ArchRule rule(Path contractFile) {
        List<ArchRule> rules = rules(contractFile);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(contractFile + ": the contract has no enabled rules");
        }
        CompositeArchRule composite = CompositeArchRule.priority(Priority.HIGH).of(rules.get(0));
        for (int i = 1; i < rules.size(); i++) {
            composite = composite.and(rules.get(i));
        }
        return composite.allowEmptyShould(true);
    }

    /** Loads and validates a contract whose analysed paths are (partly) given from outside ({@link AnalysisOverride}). */
    public static Contract contract(Path file, AnalysisOverride analysis) {
        return analysis.isEmpty() ? contract(file) : loader().load(file, analysis);
    }

    /** {@link #check(Path, CheckRunner.Options)} with analysed paths given from outside the contract (a build tool's). */
    public static Report check(Path contractFile, AnalysisOverride analysis, CheckRunner.Options options) {
        if (analysis.isEmpty()) {
            return check(contractFile, options);
        }
        long start = System.nanoTime();
        ContractLoader loader = loader();
        Contract contract = loader.load(contractFile, analysis);
        return CheckRunner.run(contract, loader.kinds(), options, (System.nanoTime() - start) / 1_000_000, Optional.empty());
    }

    /** What {@code archgov check} does: load, import, evaluate, report. */
    public static Report check(Path contractFile, CheckRunner.Options options) {
        return check(contractFile, options, Optional.empty());
    }

    /**
     * The contract analysing {@code classes} (class directories or jars) instead of its {@code analyze.classes}; its
     * hash is unchanged (the rules are the same).
     */
    public static Contract withClasses(Contract c, List<Path> classes) {
        var a = c.analyze();
        List<PathEntry> entries = classes.stream().map(p -> new PathEntry(p,
                p.toString(), new SourcePos(c.file().toString(), 0, 0))).toList();
        return new Contract(c.file(), c.version(), c.name(), c.extendsRefs(), new Analyze(entries,
                a.classpath(), a.sources(), a.exclude(), a.includeTests(), a.release(), a.warnUnreadable(), a.build(), a.config()), c.layers(), c.rules(), c.suppressions(), c.scoring(), c.gate(), c.hash(), c.files(), c.links());
    }

    /**
     * The content hash of the class set the contract analyses in the tree at {@code root}, with the contract, the JDK
     * and archgov's code: equal values give equal analyses (see {@link dev.archgov.engine.eval.ResultCache#classSetHash}).
     */
    public static String classSetHash(Contract contract, Path root) {
        return ResultCache.classSetHash(contract, root, CheckRunner.analysisCode(loader().kinds()));
    }

    /** Evaluates a loaded contract (see {@link #check(Path, CheckRunner.Options, java.util.Optional)}). */
    public static Report check(Contract contract, CheckRunner.Options options, Optional<GitInfo> commit) {
        return CheckRunner.run(contract, loader().kinds(), options, 0, commit);
    }

    /**
     * As {@link #check(Path, CheckRunner.Options)} for a commit's tree exported outside the repository: the report
     * is stamped with {@code commit} (whose {@code root} is the exported directory) instead of the surrounding git.
     */
    public static Report check(Path contractFile, CheckRunner.Options options, Optional<GitInfo> commit) {
        long start = System.nanoTime();
        ContractLoader loader = loader();
        Contract contract = loader.load(contractFile);
        return CheckRunner.run(contract, loader.kinds(), options, (System.nanoTime() - start) / 1_000_000, commit);
    }
}
