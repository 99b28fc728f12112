package dev.archgov.engine.report;

import dev.archgov.engine.contract.PrintableText;

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

    /** Quoted from the contract: printable. */
    public SuppressionNotice {
        rule = PrintableText.of(rule);
        where = PrintableText.of(where);
        reason = PrintableText.of(reason);
    }
}
