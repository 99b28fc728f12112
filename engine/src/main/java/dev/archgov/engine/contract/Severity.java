package dev.archgov.engine.contract;

import java.util.Locale;
import java.util.Optional;

/** Finding severity, most severe first. What a finding of each costs in the health score is {@link Scoring}'s. */
public enum Severity {
    BLOCKER, CRITICAL, MAJOR, MINOR, INFO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is at least as severe as {@code other}. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    public static Optional<Severity> parse(String text) {
        for (Severity s : values()) {
            if (s.label().equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
