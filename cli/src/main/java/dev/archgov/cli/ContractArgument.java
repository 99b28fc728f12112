package dev.archgov.cli;

import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code [CONTRACT|DIR]} positional argument shared by commands. */
final class ContractArgument {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTRACT|DIR",
            description = "The contract file, or a directory holding archgov.yaml (default: ./archgov.yaml).")
    Path location;

    Path file() {
        Path p = location == null ? Path.of("archgov.yaml") : location;
        return Files.isDirectory(p) ? p.resolve("archgov.yaml") : p;
    }
}
