package dev.archgov.cli;

import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.history.HistoryLocation;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** {@code --history FILE|URL} (or {@code ARCHGOV_HISTORY_URL}), shared by every command that reads or writes the history store. */
final class HistoryOption {
    @Option(names = "--history", paramLabel = "FILE|URL", description = "The history store: a SQLite file (default: "
            + ".archgov/history.db at the repository root, or beside the contract outside git) or a shared PostgreSQL database "
            + "(jdbc:postgresql://host/db; credentials from the URL, PGUSER/PGPASSWORD or ~/.pgpass, never printed). "
            + "Default: $" + HistoryLocation.ENV + " when set.")
    String value;

    /** --history, else the environment's shared store, else none (the default file). */
    Optional<HistoryLocation> location() {
        return HistoryLocation.chosen(Optional.ofNullable(value), Optional.ofNullable(System.getenv(HistoryLocation.ENV)));
    }

    /**
     * The store to read: --history (or the environment's), else {@code .archgov/history.db} at the repository root (at
     * {@code start} outside git); a usage error when nothing was recorded in that file yet.
     */
    HistoryLocation existing(GitInfo git, Path start) {
        HistoryLocation store = location().orElse(HistoryLocation.file((git.present() ? Path.of(git.root()) : start).resolve(".archgov/history.db")));
        if (!store.exists()) {
            throw new ArchgovCommand.UsageException(store + ": no history recorded yet (run: archgov check --record)");
        }
        return store;
    }
}
