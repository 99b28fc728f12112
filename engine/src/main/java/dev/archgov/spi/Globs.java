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
        private static final char ONE = '\u0001';
        private static final char STAR = '\u0002';
        private static final char ANY = '\u0003';
        private final String text;
        private final char[] tokens; // a literal character, or ONE, STAR, ANY
        private final boolean[] literal;

        private Glob(String text) {
            this.text = text;
            StringBuilder t = new StringBuilder();
            StringBuilder lit = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    while (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                        i++; // a run of stars is one "anything"
                    }
                    t.append(ANY);
                    lit.append('0');
                } else if (c == '*') {
                    t.append(STAR);
                    lit.append('0');
                } else if (c == '?') {
                    t.append(ONE);
                    lit.append('0');
                } else {
                    t.append(c);
                    lit.append('1');
                }
            }
            this.tokens = t.toString().toCharArray();
            this.literal = new boolean[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                literal[i] = lit.charAt(i) == '1';
            }
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
                    char t = tokens[i];
                    if (literal[i]) {
                        if (t == ch) {
                            next[i + 1] = true;
                            any = true;
                        }
                    } else if (t == ONE) {
                        if (ch != '.') {
                            next[i + 1] = true;
                            any = true;
                        }
                    } else if (t == STAR) {
                        if (ch != '.') {
                            next[i] = true;
                            any = true;
                        }
                    } else { // ANY
                        next[i] = true;
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
                if (states[i] && !literal[i] && tokens[i] != ONE) {
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
