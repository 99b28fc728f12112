package dev.archgov.engine.contract;

import java.util.EnumMap;
import java.util.Map;

/**
 * Weights of the health score. A rule's weight within its category is its severity's weight; a category's weight
 * within the overall score is its category weight (1 unless the contract says otherwise).
 */
public record Scoring(Map<Severity, Double> severityWeights, Map<String, Double> categoryWeights) {

    public static Scoring defaults() {
        Map<Severity, Double> w = new EnumMap<>(Severity.class);
        w.put(Severity.BLOCKER, 10.0);
        w.put(Severity.CRITICAL, 5.0);
        w.put(Severity.MAJOR, 3.0);
        w.put(Severity.MINOR, 1.0);
        w.put(Severity.INFO, 0.5);
        return new Scoring(Map.copyOf(w), Map.of());
    }

    public double weight(Severity severity) {
        return severityWeights.getOrDefault(severity, defaults().severityWeights().get(severity));
    }

    public double categoryWeight(String category) {
        return categoryWeights.getOrDefault(category, 1.0);
    }
}
