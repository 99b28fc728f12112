package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.git.GitNotes;
import dev.archgov.engine.history.History;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.format.JsonReportWriter;
import dev.archgov.engine.report.format.OneLineSummary;
import dev.archgov.engine.report.format.ScoreText;
import dev.archgov.engine.report.format.Styler;
import dev.archgov.engine.report.io.BaselineFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Evaluate a contract over the compiled classes it names and report the findings.",
                "",
                "Loads and validates the contract (and everything it extends), imports the classes once, evaluates "
                        + "every enabled rule, applies suppressions, and prints the findings grouped by rule with "
                        + "path:line. Exits 1 when a finding is at or above --fail-on."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed", "1:contract violated", "2:usage error or invalid contract", "3:runtime failure"})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ContractArgument contract;

    @Mixin
    ReportOutput output;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "Least severity that fails the check: blocker, critical, major, minor, info (default: minor).")
    Severity failOn = Severity.MINOR;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Judge suppression expiry as of this date (default: today).")
    LocalDate asOf;

    @Option(names = "--sequential", description = "Evaluate rules one after another instead of in parallel (same output).")
    boolean sequential;

    @Option(names = "--record", description = "Store the report in the history, keyed by repository, commit and contract hash "
            + "(re-recording replaces).")
    boolean record;

    @Mixin
    HistoryOption history;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Findings in this baseline (archgov baseline) are reported "
            + "separately and do not fail the check; entries that no longer occur are reported as stale.")
    Path baseline;

    @Option(names = "--notes", description = "Also attach a one-line summary to the commit as a git note (refs/notes/archgov).")
    boolean notes;

    @Option(names = "--strict", description = "Exit 2 when a rule checked nothing (no class in its scope, no finding): a selector "
            + "that matches nothing is usually a typo, and a rule that checks nothing passes without meaning it.")
    boolean strict;

    @Option(names = "--no-cache", description = "Analyse even when the classes, classpath, sources, contract and archgov are "
            + "unchanged since a previous run (by default that result is reused: $ARCHGOV_CACHE_DIR, else ~/.cache/archgov).")
    boolean noCache;

    @Option(names = "--full", description = "Analyse every class even when a previous run's per-class results could be reused "
            + "(by default only the classes a change reaches are re-checked when every rule allows it; the report's timings.mode "
            + "says which). The cached results are refreshed.")
    boolean full;

    @Mixin
    AnalysisOptions analysis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        output.names(); // bad formats fail before any work
        Path contractFile = contract.file();
        List<BaselineEntry> known = null;
        if (baseline != null) {
            try {
                known = BaselineFile.read(baseline);
            } catch (IOException e) {
                throw new ArchgovCommand.UsageException(e.getMessage());
            }
        }
        Report analysed = Archgov.check(contractFile, analysis.override(), new CheckRunner.Options(failOn, asOf == null ? LocalDate.now() : asOf, !sequential,
                noCache ? Optional.empty() : ResultCache.defaultDir(), full));
        Path contractDir = contractFile.toAbsolutePath().getParent();
        HistoryLocation store = history.location().orElseGet(() -> HistoryLocation.file(History.defaultFile(analysed, contractDir)));
        Report result = analysed;
        if (record || store.exists()) {
            try (HistoryStore h = (record ? store.open() : store.openForReading())) {
                result = History.withDelta(result, h, contractDir);
                if (record) {
                    h.record(result, JsonReportWriter.toJsonText(result));
                }
            }
        }
        if (known != null) {
            result = result.withBaseline(known);
        }
        if (notes) {
            GitNotes.add(contractDir, result.git().commit(), OneLineSummary.of(result));
        }
        final Report finished = result;
        PrintWriter out = spec.commandLine().getOut();
        output.write(finished, out, baseline != null, true);
        GitHubActions.publish(finished, System.getenv(), out, spec.commandLine().getErr(), output.formats(Styler.PLAIN, baseline != null));
        out.flush();
        if (strict) {
            boolean refused = false;
            if (!finished.score().checkedNothing().isEmpty()) {
                spec.commandLine().getErr().println("archgov: error: --strict: " + ScoreText.checkedNothing(finished.score())
                        + "; fix their selectors, or disable rules that do not apply");
                refused = true;
            }
            String unmatched = ScoreText.matchesNothing(finished.rules());
            if (!unmatched.isEmpty()) {
                spec.commandLine().getErr().println("archgov: error: --strict: " + unmatched + "; fix the selectors and globs");
                refused = true;
            }
            if (refused) {
                return ExitCodes.USAGE;
            }
        }
        return finished.passed() ? ExitCodes.OK : ExitCodes.VIOLATED;
    }

    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            return Severity.parse(value.toLowerCase(Locale.ROOT)).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a severity (expected blocker, critical, major, minor or info)"));
        }
    }
}
