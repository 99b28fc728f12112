package dev.archgov.cli;

import dev.archgov.engine.git.GitInfo;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --history FILE}, shared by every command that reads or writes the history store. */
final class HistoryOption {
    @Option(names = "--history", paramLabel = "FILE", description = "The history store (default: .archgov/history.db at the "
            + "repository root, or beside the contract outside git).")
    Path file;

    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * The store to read: --history, else {@code .archgov/history.db} at the repository root (at {@code start} outside
     * git); a usage error when nothing was recorded there yet.
     */
    Path existing(GitInfo git, Path start) {
        Path store = file().orElse((git.present() ? Path.of(git.root()) : start).resolve(".archgov/history.db"));
        if (!Files.exists(store)) {
            throw new ArchgovCommand.UsageException(store + ": no history recorded yet (run: archgov check --record)");
        }
        return store;
    }
}
