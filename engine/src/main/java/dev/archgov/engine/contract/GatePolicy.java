package dev.archgov.engine.contract;

import java.util.Optional;

/**
 * What fails a pre-merge gate: a new finding at or above {@code failOnNew}, a score below {@code minScore}, or a score
 * drop of more than {@code maxDrop} points against the base.
 */
public record GatePolicy(Severity failOnNew, Optional<Double> minScore, Optional<Double> maxDrop) {

    public static GatePolicy defaults() {
        return new GatePolicy(Severity.MINOR, Optional.empty(), Optional.empty());
    }
}
