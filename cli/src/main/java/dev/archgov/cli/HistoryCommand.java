package dev.archgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.archgov.engine.contract.PrintableText;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.history.HistoryEntry;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.SqliteHistoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "history",
        mixinStandardHelpOptions = true,
        subcommands = HistoryMigrateCommand.class,
        sortOptions = false,
        description = {"List the recorded reports of this repository: commit, branch, time, score, delta and findings, newest first."})
final class HistoryCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "A directory in the repository (default: .).")
    Path dir;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Only reports recorded on this branch.")
    String branch;

    @Option(names = "--since", paramLabel = "DATE", description = "Only commits from this date (YYYY-MM-DD) on.")
    LocalDate since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N reports (default: 50).")
    int limit = 50;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table (default), json or csv.")
    String format = "table";

    @Mixin
    HistoryOption history;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path start = (dir == null ? Path.of(".") : dir).toAbsolutePath();
        if (!List.of("table", "json", "csv").contains(format)) {
            throw new ArchgovCommand.UsageException("unknown format '" + format + "' (expected one of: table, json, csv)");
        }
        if (limit < 1) {
            throw new ArchgovCommand.UsageException("--limit must be at least 1");
        }
        GitInfo git = GitContext.read(start);
        HistoryLocation store = history.existing(git, start);
        List<HistoryEntry> entries;
        try (HistoryStore h = store.openForReading()) {
            String repository = git.present() ? git.repository() : SqliteHistoryStore.OUTSIDE_GIT;
            entries = h.list(repository, new HistoryStore.Query(Optional.ofNullable(branch),
                    Optional.ofNullable(since).map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC)), limit));
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "json" -> out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(entries));
            case "csv" -> {
                CsvMapper csv = new CsvMapper();
                CsvSchema schema = csv.schemaFor(HistoryEntry.class).withHeader().withColumnReordering(false);
                out.print(csv.writer(schema).writeValueAsString(entries.stream().map(HistoryCommand::spreadsheetSafe).toList()));
            }
            default -> {
                out.printf("%-12s  %-20s  %-20s  %-8s  %6s  %8s  %s%n", "COMMIT", "BRANCH", "COMMIT TIME", "SCORE", "DELTA", "FINDINGS", "CONTRACT");
                for (HistoryEntry e : entries) {
                    out.printf(Locale.ROOT, "%-12s  %-20s  %-20s  %-8s  %6s  %8d  %s%n",
                            e.commit().isEmpty() ? "(no commit)" : e.commit().substring(0, Math.min(12, e.commit().length())),
                            e.detached() ? "(detached)" : e.branch() + (e.dirty() ? "*" : ""), e.commitTime().replace('T', ' ').replace("Z", ""),
                            e.band().equals("n/a") ? "n/a" : String.format(Locale.ROOT, "%5.1f %s", e.score(), e.band()),
                            e.delta() == null ? "-" : String.format(Locale.ROOT, "%+.1f", e.delta()), e.findings(), e.contractName());
                }
                if (entries.isEmpty()) {
                    out.println("(no recorded reports match)");
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The text columns a spreadsheet would run as a formula, as text (branch and contract names are anybody's). */
    private static HistoryEntry spreadsheetSafe(HistoryEntry e) {
        return new HistoryEntry(PrintableText.forSpreadsheet(e.repository()), e.commit(), PrintableText.forSpreadsheet(e.branch()),
                e.detached(), e.dirty(), e.commitTime(), e.recordedAt(), PrintableText.forSpreadsheet(e.contractName()), e.contractHash(),
                e.score(), e.delta(), e.findings(), e.band());
    }
}
