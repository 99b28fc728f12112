package dev.archgov.engine.score;

import java.util.List;
import java.util.Map;

/**
 * The health score of one run: overall and per category on 0–100, and per rule compliance on 0–1.
 *
 * @param overall    weighted mean of the category scores
 * @param categories category name to score, sorted by name
 * @param rules      each rule's compliance, in contract order
 */
public record HealthScore(double overall, Map<String, Double> categories, List<RuleScore> rules) {

    public record RuleScore(String id, String category, double compliance, int checked, int violating) {
    }
}
