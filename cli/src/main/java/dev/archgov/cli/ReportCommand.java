package dev.archgov.cli;

import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Mixin
    ReportOutput output;

    @Mixin
    HistoryOption history;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        output.names(); // bad formats fail before any work
        Path start = (dir == null ? Path.of(".") : dir).toAbsolutePath();
        GitInfo git = GitContext.read(start);
        if (!git.present()) {
            throw new ArchgovCommand.UsageException(start + ": not in a git repository; reports are kept by commit");
        }
        HistoryLocation store = history.existing(git, start);
        String wanted = commit.equals("HEAD") ? git.commit() : commit.toLowerCase(Locale.ROOT);
        Report report;
        try (HistoryStore h = store.openForReading()) {
            HistoryStore.Stored stored = h.find(git.repository(), wanted).orElseThrow(() ->
                    new ArchgovCommand.UsageException("no recorded report for commit '" + commit + "' in " + store + " (see: archgov history)"));
            report = stored.report();
        }
        PrintWriter out = spec.commandLine().getOut();
        output.write(report, out, false, false);
        out.flush();
        return ExitCodes.OK;
    }
}
