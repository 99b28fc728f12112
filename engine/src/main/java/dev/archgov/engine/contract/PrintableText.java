package dev.archgov.engine.contract;

/**
 * Text from untrusted input (class and member names from bytecode, contract strings, commit subjects, branch names)
 * made safe to print on one line: control characters (C0, DEL, C1), line and paragraph separators and bidirectional
 * overrides are replaced by a visible {@code \\uXXXX}. A newline in a message can then never start a line of its own
 * (a CI runner executes a line starting {@code ::error}), and ESC or OSC sequences never reach a terminal.
 */
public final class PrintableText {
    private PrintableText() {
    }

    /** {@code text} with every unsafe character escaped; the same string when there is none. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && safe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (safe(c)) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /**
     * A CSV text cell a spreadsheet shows as text: one starting with {@code = + - @} (or a tab or carriage return)
     * would be run as a formula, so it gets a leading apostrophe (OWASP's advice). For text columns, never numbers.
     */
    public static String forSpreadsheet(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }

    static boolean safe(char c) {
        return c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && c != 0x2028 && c != 0x2029
                && !(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069);
    }
}
