package dev.archgov.junit5;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.report.io.BaselineFile;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * archgov in a JUnit 5 suite: one dynamic test per enabled rule of a contract, named {@code RULE-ID: message}, each
 * failing when the rule has findings at or above the threshold. The verdict is {@code archgov check}'s: the engine's
 * own evaluation of the contract (its {@code analyze} section, suppressions with their expiry, the same fingerprints),
 * and a baseline file written by {@code archgov baseline} freezes known findings by fingerprint, so rewording a rule
 * orphans nothing.
 *
 * <pre>{@code
 * class ArchitectureTest {
 *     @TestFactory
 *     Stream<DynamicTest> architecture() {
 *         return ArchgovTests.from(Path.of("archgov.yaml")).baseline(Path.of("archgov-baseline.json")).tests();
 *     }
 * }
 * }</pre>
 */
public final class ArchgovTests {
    private final Path contract;
    private Severity failOn = Severity.MINOR;
    private Optional<Path> baseline = Optional.empty();
    private LocalDate asOf = LocalDate.now();
    private PrintStream warnings = System.err;
    private Report report;

    private ArchgovTests(Path contract) {
        this.contract = contract;
    }

    /** The contract file ({@code archgov.yaml}); its paths are relative to it, as for the CLI. */
    public static ArchgovTests from(Path contract) {
        return new ArchgovTests(contract);
    }

    /** The lowest severity that fails a rule's test (the CLI's {@code --fail-on}; default minor). */
    public ArchgovTests failOn(Severity severity) {
        this.failOn = severity;
        this.report = null;
        return this;
    }

    /** Findings in this baseline ({@code archgov baseline}) do not fail; entries that no longer occur are warned about. */
    public ArchgovTests baseline(Path file) {
        this.baseline = Optional.of(file);
        this.report = null;
        return this;
    }

    /** The day suppression expiry is judged on (the CLI's {@code --as-of}; default today). */
    public ArchgovTests asOf(LocalDate day) {
        this.asOf = day;
        this.report = null;
        return this;
    }

    /** Where warnings go (stale baseline entries, findings below the threshold; default standard error). */
    public ArchgovTests warningsTo(PrintStream stream) {
        this.warnings = stream;
        return this;
    }

    /** The report {@code archgov check} gives for the contract with these options (evaluated once). */
    public synchronized Report report() {
        if (report == null) {
            Report analysed = Archgov.check(contract, new CheckRunner.Options(failOn, asOf, true));
            if (baseline.isPresent()) {
                List<BaselineEntry> known;
                try {
                    known = BaselineFile.read(baseline.get());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                analysed = analysed.withBaseline(known);
                if (!analysed.staleBaseline().isEmpty()) {
                    warnings.println("archgov: warning: " + analysed.staleBaseline().size() + " baseline entr"
                            + (analysed.staleBaseline().size() == 1 ? "y no longer occurs" : "ies no longer occur") + " in " + baseline.get()
                            + " (fixed: refresh the baseline with archgov baseline)");
                }
            }
            report = analysed;
        }
        return report;
    }

    /** One test per enabled rule, in the contract's order: fails with the rule's findings at or above the threshold. */
    public Stream<DynamicTest> tests() {
        Report r = report();
        return r.rules().stream().map(rule -> DynamicTest.dynamicTest(rule.id() + ": " + rule.message(), () -> verify(r, rule)));
    }

    /** The findings of one rule that fail the run (not suppressed, not baselined, at or above the threshold). */
    public List<Finding> failing(String ruleId) {
        Report r = report();
        return r.findings().stream().filter(f -> f.ruleId().equals(ruleId) && f.severity().atLeast(r.failOn())).toList();
    }

    private void verify(Report r, RuleResult rule) {
        List<Finding> failing = failing(rule.id());
        long below = r.findings().stream().filter(f -> f.ruleId().equals(rule.id()) && !f.severity().atLeast(r.failOn())).count();
        if (below > 0) {
            warnings.println("archgov: " + rule.id() + ": " + below + " finding" + (below == 1 ? "" : "s") + " below the threshold ("
                    + r.failOn().name().toLowerCase(Locale.ROOT) + "), not failing");
        }
        if (failing.isEmpty()) {
            return;
        }
        String lines = failing.stream().map(ArchgovTests::line).collect(Collectors.joining("\n"));
        throw new AssertionFailedError(rule.id() + ": " + rule.message() + " — " + failing.size() + " finding"
                + (failing.size() == 1 ? "" : "s") + " at or above " + r.failOn().name().toLowerCase(Locale.ROOT)
                + " (Priority: " + priority(rule.severity()) + ")\n" + lines);
    }

    /** A finding as one line: {@code [HIGH] LOCK-01 3f2a… path:line detail}. */
    static String line(Finding f) {
        String where = f.path() == null || f.path().isEmpty() ? f.className() : f.path() + (f.line() > 0 ? ":" + f.line() : "");
        return "[" + priority(f.severity()) + "] " + f.ruleId() + " " + f.fingerprint() + " " + where + " " + f.detail();
    }

    private static String priority(Severity severity) {
        return Archgov.priority(severity).asString();
    }
}
