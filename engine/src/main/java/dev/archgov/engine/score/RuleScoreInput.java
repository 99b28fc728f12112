package dev.archgov.engine.score;

import dev.archgov.engine.contract.Severity;

/**
 * What the score needs of one rule.
 *
 * @param checked   elements the rule checked (classes in its scope)
 * @param violating distinct elements (classes) with at least one unsuppressed finding of the rule
 * @param findings  unsuppressed findings of the rule (a baseline does not change them: the score measures the code)
 */
public record RuleScoreInput(String id, String category, Severity severity, int checked, int violating, int findings) {

    /** A rule that checked nothing and found nothing is not applicable: it neither helps nor hurts the score. */
    public boolean applicable() {
        return checked > 0 || findings > 0;
    }

    /** {@code 1 − violating / checked}, 1 when nothing was checked, never below 0: shown per rule, not scored. */
    public double compliance() {
        if (checked <= 0) {
            return 1.0;
        }
        return Math.max(0.0, 1.0 - (double) Math.min(violating, checked) / checked);
    }

    public RuleScoreInput withFindings(int count) {
        return new RuleScoreInput(id, category, severity, checked, violating, count);
    }
}
