package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.git.GitNotes;
import dev.archgov.engine.history.History;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.SqliteHistoryStore;
import dev.archgov.engine.report.AtomicFiles;
import dev.archgov.engine.report.JsonReportWriter;
import dev.archgov.engine.report.OneLineSummary;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.ReportFormats;
import dev.archgov.engine.report.ReportWriter;
import dev.archgov.engine.report.Styler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
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

    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT",
            description = "Output formats, comma-separated: text, json, junit, codequality, sarif, markdown, github (default: text). Several formats need --output.")
    List<String> formats = new ArrayList<>(List.of("text"));

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write each format to a file in DIR (archgov-report.<ext>), atomically. The text report is still printed.")
    Path output;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "Least severity that fails the check: blocker, critical, major, minor, info (default: minor).")
    Severity failOn = Severity.MINOR;

    @Option(names = "--color", paramLabel = "WHEN", converter = Terminal.ColorConverter.class,
            description = "Colour the text output: auto (only on a terminal), always, never (default: auto).")
    CommandLine.Help.Ansi color = CommandLine.Help.Ansi.AUTO;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Judge suppression expiry as of this date (default: today).")
    LocalDate asOf;

    @Option(names = "--sequential", description = "Evaluate rules one after another instead of in parallel (same output).")
    boolean sequential;

    @Option(names = "--record", description = "Store the report in the history, keyed by repository, commit and contract hash "
            + "(re-recording replaces).")
    boolean record;

    @Option(names = "--history", paramLabel = "FILE", description = "The history store (default: .archgov/history.db at the "
            + "repository root, or beside the contract outside git). When it exists, the report shows the delta against the "
            + "previous recorded commit.")
    Path history;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Findings in this baseline (archgov baseline) are reported "
            + "separately and do not fail the check; entries that no longer occur are reported as stale.")
    Path baseline;

    @Option(names = "--notes", description = "Also attach a one-line summary to the commit as a git note (refs/notes/archgov).")
    boolean notes;

    @Option(names = "--no-cache", description = "Analyse even when the classes, classpath, sources, contract and archgov are "
            + "unchanged since a previous run (by default that result is reused: $ARCHGOV_CACHE_DIR, else ~/.cache/archgov).")
    boolean noCache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ReportFormats styled = new ReportFormats(Terminal.styler(color), baseline != null);
        ReportFormats plain = new ReportFormats(Styler.PLAIN, baseline != null);
        List<String> wanted = ArchgovCommand.formatNames(formats);
        if (output == null && wanted.size() > 1) {
            throw new ArchgovCommand.UsageException("several formats (" + String.join(",", wanted) + ") need --output DIR");
        }
        Path contractFile = contract.file();
        java.util.List<dev.archgov.engine.report.BaselineEntry> known = null;
        if (baseline != null) {
            try {
                known = dev.archgov.engine.report.BaselineFile.read(baseline);
            } catch (IOException e) {
                throw new ArchgovCommand.UsageException(e.getMessage());
            }
        }
        Report report = Archgov.check(contractFile, new CheckRunner.Options(failOn, asOf == null ? LocalDate.now() : asOf, !sequential, noCache ? Optional.empty() : ResultCache.defaultDir()));
        Path contractDir = contractFile.toAbsolutePath().getParent();
        Path store = history != null ? history : History.defaultFile(report, contractDir);
        if (record || Files.exists(store)) {
            try (HistoryStore h = SqliteHistoryStore.open(store)) {
                report = History.withDelta(report, h, contractDir);
                if (record) {
                    h.record(report, JsonReportWriter.toJsonText(report));
                }
            }
        }
        if (known != null) {
            report = report.withBaseline(known);
        }
        if (notes) {
            GitNotes.add(contractDir, report.git().commit(), OneLineSummary.of(report));
        }
        final Report finished = report;
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            styled.find(wanted.get(0)).orElseThrow().write(finished, out);
        } else {
            for (String f : wanted) {
                ReportWriter writer = plain.find(f).orElseThrow();
                Path file = output.resolve(writer.fileName());
                try {
                    AtomicFiles.write(file, w -> writer.write(finished, w));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
                }
            }
            styled.find("text").orElseThrow().write(finished, out);
        }
        GitHubActions.publish(finished, System.getenv(), out, plain);
        out.flush();
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
