package dev.archgov.engine.load;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for misspelt keys and names (Levenshtein distance, case-insensitive). */
public final class Suggestions {
    private Suggestions() {
    }

    public static Optional<String> closest(String input, Collection<String> candidates) {
        String lower = input.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, input.length() / 3);
        return candidates.stream()
                .filter(c -> distance(lower, c.toLowerCase(Locale.ROOT)) <= limit)
                .min(Comparator.comparingInt((String c) -> distance(lower, c.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** Text to append to an error: {@code " (did you mean 'x'?)"}, or the allowed values when nothing is close. */
    public static String hint(String input, Collection<String> candidates) {
        return closest(input, candidates)
                .map(c -> " (did you mean '" + c + "'?)")
                .orElseGet(() -> candidates.isEmpty() ? "" : " (expected one of: " + String.join(", ", candidates.stream().sorted().toList()) + ")");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
