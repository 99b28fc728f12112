package dev.archgov.engine.workspace;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a failed build's log says went wrong, in a line or a few, as a person would pick it out. */
public final class BuildLogs {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*[A-Za-z]|\\[[;\\d]*m(?=\\[|\\s|$)");
    /** How many error lines a cause keeps. */
    static final int CAUSE_LINES = 3;

    private BuildLogs() {
    }

    /** A log line without terminal colour codes (also their residue, {@code [0m}, when the escape byte was lost). */
    public static String plain(String line) {
        return ANSI.matcher(line).replaceAll("").strip();
    }

    /** A log's lines without terminal colour codes. */
    public static String plainLines(String log) {
        return log == null ? "" : String.join("\n", log.lines().map(l -> ANSI.matcher(l).replaceAll("")).toList());
    }

    /**
     * The cause of a failed build from the end of its log: the first error lines that name a file ({@code Foo.java:[3,12]
     * cannot find symbol}), else the first errors that are more than a heading ({@code [ERROR] COMPILATION ERROR :}), at
     * most {@value #CAUSE_LINES}; else the last line. Colours removed; empty for an empty log.
     */
    public static String cause(String logTail) {
        return cause(logTail == null ? List.of() : logTail.lines().toList());
    }

    public static String cause(List<String> logTail) {
        List<String> lines = logTail.stream().map(BuildLogs::plain).filter(l -> !l.isEmpty()).toList();
        List<String> located = lines.stream().filter(l -> isError(l) && (l.contains(".java:") || l.contains(".kt:") || l.contains(".scala:")))
                .limit(CAUSE_LINES).toList();
        if (!located.isEmpty()) {
            return String.join("\n", located);
        }
        List<String> errors = lines.stream().filter(l -> isError(l) && !l.endsWith(":") && !l.matches("\\[ERROR\\]\\s*(->.*)?")
                && !l.contains("Re-run Maven") && !l.contains("To see the full stack trace") && !l.contains("For more information"))
                .limit(CAUSE_LINES).toList();
        if (!errors.isEmpty()) {
            return String.join("\n", errors);
        }
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static boolean isError(String line) {
        return line.contains("ERROR") || line.contains("FAILURE") || line.contains("error:") || line.startsWith("e: ");
    }

    /** The cause as one line (its first line), for one-line messages. */
    public static Optional<String> firstCause(List<String> logTail) {
        String c = cause(logTail);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.lines().findFirst().orElse(c));
    }
}
