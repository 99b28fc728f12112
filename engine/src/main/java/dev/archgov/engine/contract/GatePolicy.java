package dev.archgov.engine.contract;

import java.util.Optional;

/**
 * What fails a pre-merge gate: a new finding at or above {@code failOnNew}, a score below {@code minScore}, or a score
 * drop of more than {@code maxDrop} points against the base. {@code build} is the contract's top-level {@code build:}
 * command, which {@code gate --analyze-base} runs to compile the merge-base.
 */
public record GatePolicy(Severity failOnNew, Optional<Double> minScore, Optional<Double> maxDrop, Optional<String> build) {

    public static GatePolicy defaults() {
        return new GatePolicy(Severity.MINOR, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public GatePolicy withBuild(String command) {
        return new GatePolicy(failOnNew, minScore, maxDrop, Optional.of(command));
    }
}
