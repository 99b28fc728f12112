package dev.archgov.cli;

import picocli.CommandLine.Option;

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
}
