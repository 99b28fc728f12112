package dev.archgov.engine.report;

/** A finding accepted by a suppression in the contract, with the reason given there. */
public record SuppressedFinding(Finding finding, String reason, String suppressedAt) {
}
