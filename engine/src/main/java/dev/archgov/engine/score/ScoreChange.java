package dev.archgov.engine.score;

import dev.archgov.engine.contract.Scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a score changed between two runs. The change is walked in steps, each re-scored with the current weights, so
 * the parts add up to the whole: the contract's weights, the size of the code (the size factor of lesser
 * severities), rules added, removed or re-graded by the contract, findings fixed, findings new. Findings are matched by
 * fingerprint within a rule.
 */
public final class ScoreChange {
    private ScoreChange() {
    }

    /**
     * One run as the explanation needs it.
     *
     * @param rules        each rule's score input
     * @param fingerprints per rule id, the fingerprint of each of its unsuppressed findings (repeats allowed)
     * @param classes      analysed classes
     * @param score        the overall score the run recorded
     */
    public record Side(List<RuleScoreInput> rules, Map<String, List<String>> fingerprints, int classes, double score) {
    }

    /**
     * The parts of a score change (points, positive raising the score).
     *
     * @param newFindings   what findings absent before cost
     * @param newCount      how many there are
     * @param fixedFindings what findings gone since gave back
     * @param fixedCount    how many there are
     * @param contract      what the contract's changes did (weights; rules added, removed or re-graded)
     * @param codeSize      what the size factor's change did
     */
    public record Cause(double newFindings, int newCount, double fixedFindings, int fixedCount, double contract, double codeSize) {
    }

    public static Cause explain(Side before, Side after, Scoring scoring) {
        Map<String, RuleScoreInput> old = new HashMap<>();
        before.rules().forEach(r -> old.put(r.id(), r));
        List<RuleScoreInput> rulesAfterContract = new ArrayList<>();
        List<RuleScoreInput> rulesAfterFixes = new ArrayList<>();
        int fixedCount = 0;
        int newCount = 0;
        for (RuleScoreInput r : after.rules()) {
            RuleScoreInput was = old.get(r.id());
            if (was == null || !was.category().equals(r.category()) || was.severity() != r.severity()) {
                rulesAfterContract.add(r); // the contract's doing, whatever its findings
                rulesAfterFixes.add(r);
                continue;
            }
            int kept = common(before.fingerprints().getOrDefault(r.id(), List.of()), after.fingerprints().getOrDefault(r.id(), List.of()));
            rulesAfterContract.add(r.withFindings(was.findings()));
            rulesAfterFixes.add(r.withFindings(kept));
            fixedCount += Math.max(0, was.findings() - kept);
            newCount += Math.max(0, r.findings() - kept);
        }
        double rescored = overall(before.rules(), before.classes(), scoring);
        double resized = overall(before.rules(), after.classes(), scoring);
        double contracted = overall(rulesAfterContract, after.classes(), scoring);
        double fixed = overall(rulesAfterFixes, after.classes(), scoring);
        double now = overall(after.rules(), after.classes(), scoring);
        return new Cause(ScoreModel.round(now - fixed), newCount, ScoreModel.round(fixed - contracted), fixedCount,
                ScoreModel.round(rescored - before.score() + contracted - resized), ScoreModel.round(resized - rescored));
    }

    private static double overall(List<RuleScoreInput> rules, int classes, Scoring scoring) {
        return ScoreModel.compute(rules, classes, scoring).overall();
    }

    /** How many fingerprints the two lists share, counting repeats. */
    private static int common(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        a.forEach(f -> counts.merge(f, 1, Integer::sum));
        int shared = 0;
        for (String f : b) {
            Integer n = counts.get(f);
            if (n != null && n > 0) {
                counts.put(f, n - 1);
                shared++;
            }
        }
        return shared;
    }
}
