package dev.archgov.cli;

import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.SqliteHistoryStore;
import dev.archgov.engine.report.AtomicFiles;
import dev.archgov.engine.report.GitInfo;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.ReportFormats;
import dev.archgov.engine.report.ReportWriter;
import dev.archgov.engine.report.Styler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Render a recorded report again, in any output format.", "",
                "COMMIT is a commit id or a unique prefix of one (HEAD for the current commit)."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "COMMIT", description = "The commit whose recorded report to render.")
    String commit;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "A directory in the repository (default: .).")
    Path dir;

    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT", description = "text (default), json. Several need --output.")
    List<String> formats = new ArrayList<>(List.of("text"));

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Write each format to a file in DIR, atomically.")
    Path output;

    @Option(names = "--color", paramLabel = "WHEN", converter = Terminal.ColorConverter.class, description = "auto, always, never.")
    CommandLine.Help.Ansi color = CommandLine.Help.Ansi.AUTO;

    @Option(names = "--history", paramLabel = "FILE", description = "The history store (default: .archgov/history.db at the repository root).")
    Path history;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path start = (dir == null ? Path.of(".") : dir).toAbsolutePath();
        GitInfo git = GitContext.read(start);
        if (!git.present()) {
            throw new ArchgovCommand.UsageException(start + ": not in a git repository; reports are kept by commit");
        }
        Path store = history != null ? history : Path.of(git.root()).resolve(".archgov/history.db");
        if (!Files.exists(store)) {
            throw new ArchgovCommand.UsageException(store + ": no history recorded yet (run: archgov check --record)");
        }
        String wanted = commit.equals("HEAD") ? git.commit() : commit.toLowerCase(Locale.ROOT);
        Report report;
        try (HistoryStore h = SqliteHistoryStore.open(store)) {
            HistoryStore.Stored stored = h.find(git.repository(), wanted).orElseThrow(() ->
                    new ArchgovCommand.UsageException("no recorded report for commit '" + commit + "' in " + store + " (see: archgov history)"));
            report = stored.report();
        }
        ReportFormats plain = new ReportFormats(Styler.PLAIN);
        List<String> names = ArchgovCommand.formatNames(formats);
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            if (names.size() > 1) {
                throw new ArchgovCommand.UsageException("several formats need --output DIR");
            }
            new ReportFormats(Terminal.styler(color)).find(names.get(0)).orElseThrow().write(report, out);
        } else {
            for (String f : names) {
                ReportWriter w = plain.find(f).orElseThrow();
                AtomicFiles.write(output.resolve(w.fileName()), x -> w.write(report, x));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
