package dev.archgov.engine.score;

/**
 * Rating bands of the overall and category scores, in the spirit of SonarQube's ratings: A ≥ 90, B ≥ 80, C ≥ 70,
 * D ≥ 50, E below; {@code n/a} when nothing was in scope. With the default weights a critical finding keeps a score
 * out of A and a blocker keeps it at D or below.
 */
public enum Band {
    A(90), B(80), C(70), D(50), E(0), NOT_APPLICABLE(Double.NaN);

    private final double from;

    Band(double from) {
        this.from = from;
    }

    /** The least score of this band ({@code NaN} for n/a). */
    public double from() {
        return from;
    }

    public static Band of(double score) {
        for (Band b : values()) {
            if (score >= b.from) {
                return b;
            }
        }
        return E;
    }

    public String label() {
        return this == NOT_APPLICABLE ? "n/a" : name();
    }

    public static Band parse(String label) {
        for (Band b : values()) {
            if (b.label().equals(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown band '" + label + "'");
    }
}
