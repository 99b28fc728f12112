package dev.archgov.spi;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Regular expressions from contracts, matched with a bound: Java's engine backtracks, and a pattern such as
 * {@code (.*.){12}Z} takes exponential time on a name it misses. A match reads its text through a budget of
 * character reads; a pattern that spends it fails loudly ({@link TooSlow}) instead of hanging the check, and the
 * loader refuses patterns that spend a small budget on a few probe names ({@link #backtracksCatastrophically}).
 */
public final class BoundedRegex {
    static final long RUN_BUDGET = 20_000_000L;
    static final long PROBE_BUDGET = 2_000_000L;
    private static final List<String> PROBES = List.of("a".repeat(48) + "!", "a.".repeat(24) + "!",
            "com.example.shop.service.order.internal.OrderServiceImplementation$Builder$1", "0".repeat(48) + "\u0000");

    private BoundedRegex() {
    }

    /** Whether the whole name matches; {@link TooSlow} when the pattern backtracks past the bound on it. */
    public static boolean matches(Pattern pattern, String text) {
        return pattern.matcher(new Budgeted(text, RUN_BUDGET, pattern)).matches();
    }

    /** True when the pattern spends more than a small budget on one of a few ordinary names: refuse it up front. */
    public static boolean backtracksCatastrophically(Pattern pattern) {
        try {
            for (String probe : PROBES) {
                pattern.matcher(new Budgeted(probe, PROBE_BUDGET, pattern)).matches();
                pattern.matcher(new Budgeted(probe, PROBE_BUDGET, pattern)).find();
            }
            return false;
        } catch (TooSlow e) {
            return true;
        }
    }

    /** A pattern spent its budget on a name. */
    public static final class TooSlow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooSlow(Pattern pattern, String text) {
            super("the regular expression /" + pattern.pattern() + "/ backtracks without bound on '" + text
                    + "'; simplify it (no nested or repeated .* groups)");
        }
    }

    /** The text, read through a budget. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private final Pattern pattern;
        private final long[] left;

        Budgeted(String text, long budget, Pattern pattern) {
            this(text, pattern, new long[] {budget});
        }

        private Budgeted(String text, Pattern pattern, long[] left) {
            this.text = text;
            this.pattern = pattern;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new TooSlow(pattern, text);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), pattern, left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
