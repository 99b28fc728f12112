package dev.archgov.engine.report;

/**
 * A suppression worth a look: {@code expired} ones no longer apply, {@code unused} ones match no finding.
 *
 * @param kind    {@code expired} or {@code unused}
 * @param rule    the suppression's rule glob
 * @param where   its element glob
 * @param reason  the reason written for it
 * @param expires its expiry date (ISO), or empty
 * @param at      where it is written ({@code file:line:column})
 */
public record SuppressionNotice(String kind, String rule, String where, String reason, String expires, String at) {
}
