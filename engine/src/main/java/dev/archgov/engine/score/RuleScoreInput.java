package dev.archgov.engine.score;

import dev.archgov.engine.contract.Severity;

/**
 * What the score needs of one rule.
 *
 * @param checked   elements the rule checked (classes in its scope)
 * @param violating distinct elements (classes) with at least one unsuppressed finding of the rule
 */
public record RuleScoreInput(String id, String category, Severity severity, int checked, int violating) {

    /** {@code 1 − violating / checked}, 1 when nothing was checked, never below 0. */
    public double compliance() {
        if (checked <= 0) {
            return 1.0;
        }
        return Math.max(0.0, 1.0 - (double) Math.min(violating, checked) / checked);
    }
}
