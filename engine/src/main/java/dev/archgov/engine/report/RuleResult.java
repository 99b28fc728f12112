package dev.archgov.engine.report;

import dev.archgov.engine.contract.Severity;

import java.util.List;

/**
 * How one rule fared: its metadata, its findings (after suppressions) and its compliance.
 *
 * @param checked    classes the rule checked (its scope)
 * @param violating  distinct classes with an unsuppressed finding
 * @param compliance {@code 1 − violating / checked}, 1 when nothing was checked
 * @param unmatched  the rule's code-glob parameters and written selectors that match nothing in the analysed code
 *                   ({@code param: glob}, {@code to[1]: selector})
 */
public record RuleResult(String id, String kind, String category, Severity severity, String message, String docs,
                         int findings, int suppressed, long millis, int checked, int violating, double compliance,
                         List<String> unmatched) {
    public RuleResult {
        unmatched = unmatched == null ? List.of() : List.copyOf(unmatched);
    }
}
