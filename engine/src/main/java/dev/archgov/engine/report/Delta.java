package dev.archgov.engine.report;

import dev.archgov.engine.score.ScoreChange;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The change against an earlier report (the previous recorded one, or the gate's base).
 *
 * @param againstCommit   the earlier report's commit
 * @param previousScore   its overall score
 * @param overall         this score minus that one
 * @param categories      per category: this minus that (categories present in both)
 * @param contractChanged the contract (hash) differs, so part of the change may be the contract's
 * @param cause           the change split into new findings, fixed findings, the contract and the code's size (absent
 *                        in reports written before score v2)
 */
public record Delta(String againstCommit, double previousScore, double overall, Map<String, Double> categories,
                    boolean contractChanged, Optional<ScoreChange.Cause> cause) {

    /** The change from {@code before} to {@code after}, explained with the weights {@code after} was scored with. */
    public static Delta between(String againstCommit, Report before, Report after) {
        Map<String, Double> categories = new TreeMap<>();
        after.score().categories().forEach((name, value) -> {
            Double old = before.score().categories().get(name);
            if (old != null) {
                categories.put(name, round(value - old));
            }
        });
        double previous = before.score().overall();
        return new Delta(againstCommit, previous, round(after.score().overall() - previous), categories,
                !before.contract().hash().equals(after.contract().hash()),
                Optional.of(ScoreChange.explain(before.scoreSide(), after.scoreSide(), after.score().weights())));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
