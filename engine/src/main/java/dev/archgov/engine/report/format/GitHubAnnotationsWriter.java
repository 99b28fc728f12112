package dev.archgov.engine.report.format;

import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * GitHub Actions workflow commands: one {@code ::error}/{@code ::warning}/{@code ::notice} annotation per finding, on
 * its file and line, so findings show in the pull request's diff. Blocker and critical are errors, major and minor
 * warnings, info notices. Values are escaped as the workflow-command syntax requires.
 */
public final class GitHubAnnotationsWriter implements ReportWriter {

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
        for (Finding f : report.findings()) {
            String command = switch (f.severity()) {
                case BLOCKER, CRITICAL -> "error";
                case MAJOR, MINOR -> "warning";
                case INFO -> "notice";
            };
            out.print("::" + command + " file=" + property(f.path()));
            if (f.line() > 0) {
                out.print(",line=" + f.line());
            }
            out.println(",title=" + property(f.ruleId() + " (" + f.severity().label() + ")") + "::" + data(f.message() + ": " + f.detail()));
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
