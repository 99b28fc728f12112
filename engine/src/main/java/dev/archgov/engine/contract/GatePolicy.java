package dev.archgov.engine.contract;

import java.util.Optional;

/**
 * What fails a pre-merge gate: a new finding at or above {@code failOnNew}, a score below {@code minScore}, or a score
 * drop of more than {@code maxDrop} points against the base, or (unless {@code allowContractChanges}, read from the
 * base's contract) a head contract that lets more through than the base's. {@code build} is the contract's top-level
 * {@code build:} command, which {@code gate --analyze-base} runs to compile the merge-base (the merge-base's own).
 */
public record GatePolicy(Severity failOnNew, Optional<Double> minScore, Optional<Double> maxDrop, Optional<String> build,
                         boolean allowContractChanges) {

    public static GatePolicy defaults() {
        return new GatePolicy(Severity.MINOR, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    public GatePolicy withBuild(String command) {
        return new GatePolicy(failOnNew, minScore, maxDrop, Optional.of(command), allowContractChanges);
    }
}
