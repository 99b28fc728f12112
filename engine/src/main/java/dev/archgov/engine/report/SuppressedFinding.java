package dev.archgov.engine.report;

import dev.archgov.engine.contract.PrintableText;

/** A finding accepted by a suppression in the contract, with the reason given there. */
public record SuppressedFinding(Finding finding, String reason, String suppressedAt) {

    /** Quoted from the contract: printable. */
    public SuppressedFinding {
        reason = PrintableText.of(reason);
    }
}
