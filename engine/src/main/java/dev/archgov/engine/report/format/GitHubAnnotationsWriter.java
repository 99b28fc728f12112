package dev.archgov.engine.report.format;

import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub Actions workflow commands: one {@code ::error}/{@code ::warning}/{@code ::notice} annotation per finding, on
 * its file and line, so findings show in the pull request's diff. A finding that fails the run is an error, others
 * warnings, info notices ({@link Levels}); errors first, then by severity, path and line, at most {@value #PER_LEVEL}
 * per level (GitHub's per-step limit) and one notice saying how many were left out. Values are escaped as the
 * workflow-command syntax requires.
 */
public final class GitHubAnnotationsWriter implements ReportWriter {
    /** GitHub shows at most 10 error and 10 warning annotations per step (and drops the rest silently). */
    static final int PER_LEVEL = 10;

    @Override
    public String format() {
        return "github";
    }

    @Override
    public String fileName() {
        return "archgov-github.txt";
    }

    @Override
    public void write(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        for (String leftOut : report.target().leftOut()) {
            out.println("::warning title=" + property("archgov: incomplete run") + "::" + data("left out, " + leftOut));
        }
        Map<Levels, Integer> shown = new EnumMap<>(Levels.class);
        int leftOut = 0;
        Levels.Verdict verdict = Levels.verdict(report);
        List<Finding> sorted = report.findings().stream().sorted(Comparator.comparing((Finding f) -> verdict.of(f))
                .thenComparing(Finding::severity).thenComparing(f -> f.path() == null ? "" : f.path()).thenComparingInt(Finding::line)).toList();
        for (Finding f : sorted) {
            Levels level = verdict.of(f);
            if (shown.merge(level, 1, Integer::sum) > PER_LEVEL) {
                leftOut++;
                continue; // GitHub drops annotations beyond its per-step limit without a word: say so below instead
            }
            String command = switch (level) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case NOTE -> "notice";
            };
            out.print("::" + command + " file=" + property(f.path()));
            if (f.line() > 0) {
                out.print(",line=" + f.line() + (f.column() > 0 ? ",col=" + f.column() : ""));
            }
            out.println(",title=" + property(f.ruleId() + " (" + f.severity().label() + ")") + "::" + data(f.message() + ": " + f.detail()));
        }
        if (leftOut > 0) {
            out.println("::notice title=" + property("archgov: " + leftOut + " more findings") + "::" + data(leftOut + " more finding"
                    + (leftOut == 1 ? " is" : "s are") + " not annotated (GitHub shows " + PER_LEVEL + " errors and " + PER_LEVEL
                    + " warnings per step); the job summary and the report files list every finding"));
        }
        out.flush();
    }

    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
