package dev.archgov.engine.gate;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.RequestException;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.workspace.Builds;
import dev.archgov.engine.workspace.CommitWorkspace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * {@code gate --analyze-base}: the merge-base exported aside ({@link CommitWorkspace}), built there and analysed with
 * the head's contract and everything it extends (the same rules, so fingerprints compare).
 */
final class BaseAnalysis {
    private BaseAnalysis() {
    }

    /**
     * @param build   the build command, or empty for the contract's {@code build:} or one guessed from the tree's files
     * @param listener where progress lines and the failed build's log go
     */
    static Gate.Base run(Contract head, String commit, Optional<String> build, Gate.Listener listener) throws IOException {
        Path contractFile = head.file().toAbsolutePath().normalize();
        Path root = GitContext.root(contractFile.getParent()).map(p -> p.toAbsolutePath().normalize())
                .orElseThrow(() -> new RequestException(contractFile + ": not in a git repository"));
        try (CommitWorkspace ws = CommitWorkspace.export(root, commit)) {
            if (!ws.tree().submodules().isEmpty()) {
                listener.notice("notice: " + ws.tree().notice());
            }
            Path contract = ws.placeContract(head, root);
            String command = ws.buildCommand(build, head).orElseThrow(() -> new RequestException("--analyze-base: no build "
                    + "command: set 'build:' in the contract, or give it, e.g. --analyze-base='make classes' (no pom.xml or gradlew "
                    + "beside the contract at the merge-base)"));
            listener.notice("analysing the merge-base " + commit.substring(0, 12) + " (" + ws.tree().files() + " files) built with: " + command);
            Builds.Outcome outcome = ws.build(command, Optional.empty());
            if (!outcome.ok()) {
                outcome.logTail().forEach(listener::logLine);
                throw new IllegalStateException("the merge-base build failed (exit " + outcome.exitCode() + "): " + command);
            }
            Report before = Archgov.check(contract, new CheckRunner.Options(head.gate().failOnNew(), LocalDate.now(), true));
            return Gate.Base.of(before, "the merge-base " + commit.substring(0, 12) + " built and analysed");
        }
    }
}
