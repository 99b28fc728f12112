package dev.archgov.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code [CONTRACT|DIR]} positional argument shared by commands. Without it, {@code ./archgov.yaml}; when that does
 * not exist, the nearest {@code archgov.yaml} in a parent directory up to the repository root (the directory holding
 * {@code .git}), as {@code .editorconfig} is found, saying on standard error which one is used.
 */
final class ContractArgument {
    static final String FILE_NAME = "archgov.yaml";

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTRACT|DIR",
            description = "The contract file, or a directory holding archgov.yaml (default: ./archgov.yaml, else the nearest one in a "
                    + "parent directory up to the repository root).")
    Path location;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Path resolved;

    Path file() {
        if (resolved != null) {
            return resolved;
        }
        Path p = location == null ? Path.of(FILE_NAME) : location;
        if (location == null && !Files.exists(p)) {
            Optional<Path> found = discover(Path.of("").toAbsolutePath());
            if (found.isPresent()) {
                resolved = found.get();
                if (command != null) {
                    command.commandLine().getErr().println("archgov: using the contract " + resolved);
                }
                return resolved;
            }
        }
        resolved = Files.isDirectory(p) ? p.resolve(FILE_NAME) : p;
        return resolved;
    }

    /** The nearest archgov.yaml above {@code start} (exclusive), not above the repository root holding {@code start}. */
    static Optional<Path> discover(Path start) {
        if (Files.exists(start.resolve(".git"))) {
            return Optional.empty(); // start is the repository root: nothing above it belongs to this repository
        }
        for (Path dir = start.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
            if (Files.exists(dir.resolve(".git"))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
