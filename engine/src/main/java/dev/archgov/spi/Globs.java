package dev.archgov.spi;

import java.util.Arrays;

/**
 * Name globs: {@code *} matches within one dotted segment, {@code **} matches anything, {@code ?} one character
 * (not a dot). Matching simulates the glob's automaton over the text: linear in the text times the glob, whatever
 * the glob (a backtracking regular expression of many {@code **} takes exponential time on a name it misses).
 */
public final class Globs {
    private Globs() {
    }

    /** One compiled glob. */
    public static final class Glob {
        // a token is a literal character (0 and up) or one of these wildcards
        private static final int ONE = -1;
        private static final int STAR = -2;
        private static final int ANY = -3;
        private final String text;
        private final int[] tokens;

        private Glob(String text) {
            this.text = text;
            int[] t = new int[text.length()];
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    while (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                        i++; // a run of stars is one "anything"
                    }
                    t[n++] = ANY;
                } else {
                    t[n++] = c == '*' ? STAR : c == '?' ? ONE : c;
                }
            }
            this.tokens = Arrays.copyOf(t, n);
        }

        /** The glob as written. */
        public String text() {
            return text;
        }

        /** Whether the whole of {@code s} matches. */
        public boolean matches(CharSequence s) {
            int m = tokens.length;
            boolean[] active = new boolean[m + 1];
            boolean[] next = new boolean[m + 1];
            active[0] = true;
            close(active);
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                Arrays.fill(next, false);
                boolean any = false;
                for (int i = 0; i < m; i++) {
                    if (!active[i]) {
                        continue;
                    }
                    int t = tokens[i];
                    boolean step = t >= 0 ? t == ch : t == ANY || ch != '.'; // ONE and STAR stop at a dot
                    if (step) {
                        next[t == STAR || t == ANY ? i : i + 1] = true; // a star stays, a character or ONE moves on
                        any = true;
                    }
                }
                if (!any) {
                    return false;
                }
                close(next);
                boolean[] swap = active;
                active = next;
                next = swap;
            }
            return active[m];
        }

        /** A star of either kind may match nothing: its successor is active with it. */
        private void close(boolean[] states) {
            for (int i = 0; i < tokens.length; i++) {
                if (states[i] && (tokens[i] == STAR || tokens[i] == ANY)) {
                    states[i + 1] = true;
                }
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public static Glob compile(String glob) {
        return new Glob(glob);
    }

    public static boolean matches(String glob, String text) {
        return compile(glob).matches(text);
    }
}
