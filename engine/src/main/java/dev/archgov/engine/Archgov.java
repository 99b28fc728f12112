package dev.archgov.engine;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.eval.CompiledRule;
import dev.archgov.engine.eval.RuleCompiler;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.spi.RuleKinds;

import java.nio.file.Path;
import java.util.List;

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

    /** Every enabled rule of the contract, each described as {@code ID: message}. */
    public static List<ArchRule> rules(Path contractFile) {
        ContractLoader loader = loader();
        Contract contract = loader.load(contractFile, false);
        return RuleCompiler.compile(contract, loader.kinds()).stream().map(CompiledRule::archRule).toList();
    }

    /** All enabled rules of the contract as one ArchUnit rule. */
    public static ArchRule rule(Path contractFile) {
        List<ArchRule> rules = rules(contractFile);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(contractFile + ": the contract has no enabled rules");
        }
        CompositeArchRule composite = CompositeArchRule.of(rules.get(0));
        for (int i = 1; i < rules.size(); i++) {
            composite = composite.and(rules.get(i));
        }
        return composite.allowEmptyShould(true);
    }

    /** What {@code archgov check} does: load, import, evaluate, report. */
    public static Report check(Path contractFile, CheckRunner.Options options) {
        long start = System.nanoTime();
        ContractLoader loader = loader();
        Contract contract = loader.load(contractFile);
        return CheckRunner.run(contract, loader.kinds(), options, (System.nanoTime() - start) / 1_000_000);
    }
}
