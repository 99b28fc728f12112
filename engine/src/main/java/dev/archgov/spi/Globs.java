package dev.archgov.spi;

import java.util.regex.Pattern;

/** Name globs: {@code *} matches within one dotted segment, {@code **} matches anything, {@code ?} one character. */
public final class Globs {
    private Globs() {
    }

    public static Pattern toPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^.]*");
            } else if (c == '?') {
                regex.append("[^.]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    public static boolean matches(String glob, String text) {
        return toPattern(glob).matcher(text).matches();
    }
}
