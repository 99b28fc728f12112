package dev.archgov.engine.gate;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.RequestException;
import dev.archgov.engine.contract.AnalysisOverride;
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
     * @param build   the build command the CI gave (--analyze-base=CMD), or empty for the merge-base's own {@code build:} or one
     *                guessed from the tree's files; never the head's {@code build:}, which a pull request controls
     * @param listener where progress lines and the failed build's log go
     */
    static Gate.Base run(Contract head, String commit, Optional<String> build, AnalysisOverride analysis, Gate.Listener listener) throws IOException {
        Path contractFile = head.file().toAbsolutePath().normalize();
        Path root = GitContext.root(contractFile.getParent()).map(p -> p.toAbsolutePath().normalize())
                .orElseThrow(() -> new RequestException(contractFile + ": not in a git repository"));
        try (CommitWorkspace ws = CommitWorkspace.export(root, commit)) {
            if (!ws.tree().submodules().isEmpty()) {
                listener.notice("notice: " + ws.tree().notice());
            }
            // whose command runs: the CI's own (--analyze-base=CMD) or the merge-base's own build:, never the head's,
            // which the pull request controls
            Optional<String> baseBuild = ws.committedBuild(head, root);
            Path contract = ws.placeContract(head, root);
            String command = ws.buildCommand(build, baseBuild).orElseThrow(() -> new RequestException("--analyze-base: no build "
                    + "command: give it, e.g. --analyze-base='make classes', or set 'build:' in the contract on the base branch (the "
                    + "merge-base's contract has none, and no pom.xml or gradlew is beside it)"));
            String whose = build.isPresent() ? "--analyze-base" : baseBuild.isPresent() ? "the merge-base's own build:" : "guessed from its files";
            listener.notice("analysing the merge-base " + commit.substring(0, 12) + " (" + ws.tree().files() + " files) built with: " + command
                    + " (" + whose + ")");
            Builds.Outcome outcome = ws.build(command, Optional.empty());
            if (!outcome.ok()) {
                outcome.logTail().forEach(listener::logLine);
                throw new IllegalStateException("the merge-base build failed (exit " + outcome.exitCode() + "): " + command);
            }
            // paths given from outside (the Maven plugin's, --classes) as they are in the exported tree
            Report before = Archgov.check(contract, analysis.rebased(root, ws.dir()), new CheckRunner.Options(head.gate().failOnNew(), LocalDate.now(), true));
            return Gate.Base.of(before, "the merge-base " + commit.substring(0, 12) + " built and analysed");
        }
    }
}
