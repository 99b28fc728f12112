package dev.archgov.cli;

import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.history.JdbcHistoryStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "migrate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Copy a history store into another: a clone's SQLite file into the organisation's PostgreSQL database, say.",
                "Every record is copied as it is (record times, deltas, scores); records the target already has are kept, so running "
                        + "it again copies nothing. The target is created and its schema brought up to date first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:copied (or nothing left to copy)", "2:usage error", "3:a store cannot be read or written"})
final class HistoryMigrateCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "FILE|URL", description = "The store to copy from (e.g. .archgov/history.db).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "FILE|URL", description = "The store to copy into (e.g. jdbc:postgresql://host/archgov).")
    String to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HistoryLocation source = HistoryLocation.of(from);
        HistoryLocation target = HistoryLocation.of(to);
        if (source.toString().equals(target.toString())) {
            throw new ArchgovCommand.UsageException("--from and --to name the same store: " + source);
        }
        JdbcHistoryStore.CopyResult r = target.copyFrom(source);
        spec.commandLine().getOut().printf("copied %d report%s and %d build failure%s from %s to %s (already there, kept: %d and %d)%n",
                r.reports(), r.reports() == 1 ? "" : "s", r.failures(), r.failures() == 1 ? "" : "s", source, target,
                r.reportsPresent(), r.failuresPresent());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
