package dev.archgov.engine.report;

import dev.archgov.engine.contract.Severity;

/** How one rule fared: its metadata and how many findings it produced (after suppressions). */
public record RuleResult(String id, String kind, String category, Severity severity, String message, String docs,
                         int findings, int suppressed, long millis) {
}
