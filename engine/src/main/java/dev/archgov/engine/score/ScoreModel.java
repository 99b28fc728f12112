package dev.archgov.engine.score;

import dev.archgov.engine.contract.Scoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documented, deterministic score. Per rule: {@code compliance = 1 − violating / checked} (1 when nothing was
 * checked). Per category: the severity-weighted mean of its rules' compliance × 100. Overall: the category-weighted
 * mean of the categories (100 without rules). Fixing a finding never lowers it; the order of rules and findings
 * does not matter. Values are rounded to two decimals.
 */
public final class ScoreModel {
    private ScoreModel() {
    }

    public static HealthScore compute(Collection<RuleScoreInput> rules, Scoring scoring) {
        Map<String, double[]> sums = new TreeMap<>();
        List<HealthScore.RuleScore> perRule = new ArrayList<>();
        for (RuleScoreInput r : rules) {
            double weight = scoring.weight(r.severity());
            double[] s = sums.computeIfAbsent(r.category(), k -> new double[2]);
            s[0] += weight * r.compliance();
            s[1] += weight;
            perRule.add(new HealthScore.RuleScore(r.id(), r.category(), round(r.compliance(), 4), r.checked(), r.violating()));
        }
        Map<String, Double> categories = new TreeMap<>();
        double weighted = 0;
        double totalWeight = 0;
        for (var e : sums.entrySet()) {
            double score = e.getValue()[1] == 0 ? 100.0 : 100.0 * e.getValue()[0] / e.getValue()[1];
            categories.put(e.getKey(), round(score, 2));
            double w = scoring.categoryWeight(e.getKey());
            weighted += w * score;
            totalWeight += w;
        }
        double overall = totalWeight == 0 ? 100.0 : weighted / totalWeight;
        return new HealthScore(round(overall, 2), categories, perRule);
    }

    static double round(double value, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(value * f) / f;
    }
}
