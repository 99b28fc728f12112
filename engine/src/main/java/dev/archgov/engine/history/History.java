package dev.archgov.engine.history;

import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.report.Delta;
import dev.archgov.engine.report.Report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
        Map<String, Double> categories = new TreeMap<>();
        Report before = previous.report();
        report.score().categories().forEach((name, value) -> {
            Double old = before.score().categories().get(name);
            if (old != null) {
                categories.put(name, round(value - old));
            }
        });
        return new Delta(previous.entry().commit(), previous.entry().score(), round(report.score().overall() - previous.entry().score()),
                categories, !previous.entry().contractHash().equals(report.contract().hash()));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
