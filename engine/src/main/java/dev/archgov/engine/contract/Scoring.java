package dev.archgov.engine.contract;

import java.util.EnumMap;
import java.util.Map;

/**
 * Weights of the health score (v2). A severity's weight is the penalty points one finding of that severity costs
 * (major, minor and info points are divided by the code base's size factor; blocker and critical points never are).
 * A category's weight multiplies the points of its findings in the overall score (1 unless the contract says
 * otherwise; 0 leaves the category out of the overall score).
 */
public record Scoring(Map<Severity, Double> severityWeights, Map<String, Double> categoryWeights) {
    private static final Map<Severity, Double> DEFAULT_POINTS = defaultPoints();

    public static Scoring defaults() {
        return new Scoring(DEFAULT_POINTS, Map.of());
    }

    private static Map<Severity, Double> defaultPoints() {
        Map<Severity, Double> w = new EnumMap<>(Severity.class);
        w.put(Severity.BLOCKER, 25.0);
        w.put(Severity.CRITICAL, 10.0);
        w.put(Severity.MAJOR, 2.0);
        w.put(Severity.MINOR, 0.5);
        w.put(Severity.INFO, 0.0);
        return Map.copyOf(w);
    }

    /** Penalty points of one finding of this severity, before size normalisation. */
    public double weight(Severity severity) {
        return severityWeights.getOrDefault(severity, DEFAULT_POINTS.get(severity));
    }

    public double categoryWeight(String category) {
        return categoryWeights.getOrDefault(category, 1.0);
    }
}
