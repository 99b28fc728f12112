package dev.archgov.engine.contract;

import java.util.Locale;
import java.util.Optional;

/** Finding severity, most severe first. The weight feeds the health score. */
public enum Severity {
    BLOCKER(10), CRITICAL(5), MAJOR(3), MINOR(1), INFO(0);

    private final int weight;

    Severity(int weight) {
        this.weight = weight;
    }

    public int weight() {
        return weight;
    }

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
