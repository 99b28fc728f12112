package dev.archgov.spi.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code .properties} file read as {@link java.util.Properties} reads it (comments {@code #} and {@code !}, the
 * separators {@code =}, {@code :} and white space, lines continued with a trailing backslash, escapes), keeping the line
 * and column of each key, which {@code java.util.Properties} forgets.
 */
final class PropertiesFile {
    private PropertiesFile() {
    }

    static List<SpringConfig.Property> parse(Path file, String text) {
        List<SpringConfig.Property> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int start = 0;
            while (start < line.length() && isBlank(line.charAt(start))) {
                start++;
            }
            if (start == line.length() || line.charAt(start) == '#' || line.charAt(start) == '!') {
                continue;
            }
            int first = i;
            StringBuilder logical = new StringBuilder(line.substring(start));
            while (endsWithContinuation(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                i++;
                logical.append(lines[i].stripLeading());
            }
            String l = logical.toString();
            int k = 0;
            StringBuilder key = new StringBuilder();
            while (k < l.length()) {
                char c = l.charAt(k);
                if (c == '\\' && k + 1 < l.length()) {
                    k = unescape(l, k, key);
                    continue;
                }
                if (c == '=' || c == ':' || isBlank(c)) {
                    break;
                }
                key.append(c);
                k++;
            }
            while (k < l.length() && isBlank(l.charAt(k))) {
                k++;
            }
            if (k < l.length() && (l.charAt(k) == '=' || l.charAt(k) == ':')) {
                k++;
            }
            while (k < l.length() && isBlank(l.charAt(k))) {
                k++;
            }
            StringBuilder value = new StringBuilder();
            while (k < l.length()) {
                if (l.charAt(k) == '\\' && k + 1 < l.length()) {
                    k = unescape(l, k, value);
                } else {
                    value.append(l.charAt(k++));
                }
            }
            entries.add(new SpringConfig.Property(key.toString(), Optional.of(value.toString()), file, first + 1, start + 1));
        }
        return entries;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static boolean endsWithContinuation(CharSequence s) {
        int backslashes = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Appends the character escaped at {@code at} (a backslash) and returns the index after it. */
    private static int unescape(String s, int at, StringBuilder out) {
        char c = s.charAt(at + 1);
        switch (c) {
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 'f' -> out.append('\f');
            case 'u' -> {
                if (at + 6 <= s.length()) {
                    try {
                        out.append((char) Integer.parseInt(s.substring(at + 2, at + 6), 16));
                        return at + 6;
                    } catch (NumberFormatException e) {
                        out.append('u');
                    }
                } else {
                    out.append('u');
                }
            }
            default -> out.append(c);
        }
        return at + 2;
    }
}
