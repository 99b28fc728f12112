package dev.archgov.engine.history;

import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.report.Delta;
import dev.archgov.engine.report.Report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Relates a report to the recorded history: where the store lives and the delta against the previous report. */
public final class History {
    static final int MAX_ANCESTORS = 1000;

    private History() {
    }

    /** {@code .archgov/history.db} at the repository root, or beside the contract outside git. */
    public static Path defaultFile(Report report, Path contractDir) {
        Path base = report.git().present() ? Path.of(report.git().root()) : contractDir;
        return base.resolve(".archgov").resolve("history.db");
    }

    /**
     * The report with its delta against the previous recorded report: the nearest first-parent ancestor with a
     * record (for uncommitted changes, the record of HEAD itself first); outside git, the latest record.
     */
    public static Report withDelta(Report report, HistoryStore store, Path start) {
        String repository = SqliteHistoryStore.repositoryOf(report);
        Optional<HistoryStore.Stored> previous;
        if (report.git().present() && !report.git().commit().isEmpty()) {
            List<String> candidates = new ArrayList<>();
            if (report.git().dirty()) {
                candidates.add(report.git().commit());
            }
            candidates.addAll(GitContext.firstParentAncestors(start, report.git().commit(), MAX_ANCESTORS));
            previous = store.firstOf(repository, candidates, report.contract().hash());
        } else {
            previous = store.latestOther(repository, "\u0000");
        }
        return report.withDelta(previous.map(p -> delta(report, p)));
    }

    private static Delta delta(Report report, HistoryStore.Stored previous) {
        return Delta.between(previous.entry().commit(), previous.report(), report);
    }
}
