package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.report.Report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Optional;

/**
 * {@code gate --analyze-base}: the merge-base exported to a temporary directory, built there and analysed with the
 * head's contract (the same rules, so fingerprints compare). The repository's work tree, index and HEAD are never
 * touched, and the directory is deleted afterwards, whatever happens.
 */
final class BaseAnalysis {
    private BaseAnalysis() {
    }

    static GateCommand.Base run(Path contractFile, String commit, String build, GatePolicy policy, PrintWriter err) throws IOException {
        Path contract = contractFile.toAbsolutePath().normalize();
        Path root = GitContext.root(contract.getParent())
                .orElseThrow(() -> new ArchgovCommand.UsageException(contract + ": not in a git repository"));
        Path relative = root.toAbsolutePath().normalize().relativize(contract);
        Path dir = Files.createTempDirectory("archgov-base-");
        Thread cleanup = new Thread(() -> {
            Builds.stopRunning();
            Builds.quietlyDelete(dir);
        }, "archgov-base-cleanup"); // Ctrl-C skips finally blocks
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            GitContext.Exported exported = GitContext.export(root, commit, dir);
            int files = exported.files();
            if (!exported.submodules().isEmpty()) {
                err.println("archgov: notice: " + exported.notice());
            }
            // the head's contract, so that both sides run the same rules with the same ids
            Path baseContract = dir.resolve(relative);
            Files.createDirectories(baseContract.getParent());
            Files.copy(contract, baseContract, StandardCopyOption.REPLACE_EXISTING);
            String command = buildCommand(build, policy, baseContract.getParent());
            err.println("archgov: analysing the merge-base " + commit.substring(0, 12) + " (" + files + " files) built with: " + command);
            buildIn(baseContract.getParent(), command, err);
            Report before = Archgov.check(baseContract, new CheckRunner.Options(policy.failOnNew(), LocalDate.now(), true));
            return GateCommand.Base.of(before, "the merge-base " + commit.substring(0, 12) + " built and analysed",
                    Optional.of(before.score().overall()));
        } finally {
            Builds.quietlyDelete(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
    }

    private static String buildCommand(String build, GatePolicy policy, Path dir) {
        Optional<String> given = GateCommand.AUTO_BUILD.equals(build) ? Optional.empty() : Optional.of(build);
        return Builds.command(given, policy, dir).orElseThrow(() -> new ArchgovCommand.UsageException("--analyze-base: no build "
                + "command: set 'build:' in the contract, or give it, e.g. --analyze-base='make classes' (no pom.xml or gradlew "
                + "beside the contract at the merge-base)"));
    }

    private static void buildIn(Path dir, String command, PrintWriter err) {
        Builds.Outcome outcome = Builds.run(dir, command, Optional.empty());
        if (!outcome.ok()) {
            outcome.logTail().forEach(l -> err.println("  | " + l));
            throw new IllegalStateException("the merge-base build failed (exit " + outcome.exitCode() + "): " + command);
        }
    }
}
