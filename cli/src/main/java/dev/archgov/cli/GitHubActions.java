package dev.archgov.cli;

import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.format.ReportFormats;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Inside GitHub Actions ({@code GITHUB_ACTIONS=true}): annotations for the findings on standard output, and the
 * Markdown summary appended to {@code $GITHUB_STEP_SUMMARY}.
 */
final class GitHubActions {
    private GitHubActions() {
    }

    static void publish(Report report, Map<String, String> env, PrintWriter out, ReportFormats formats) throws IOException {
        publish(report, env, out, new PrintWriter(System.err, true), formats);
    }

    /** The step summary is a courtesy: one that cannot be written is a warning on {@code err}, never the run's exit code. */
    static void publish(Report report, Map<String, String> env, PrintWriter out, PrintWriter err, ReportFormats formats) throws IOException {
        if (!"true".equals(env.get("GITHUB_ACTIONS"))) {
            return;
        }
        formats.find("github").orElseThrow().write(report, out);
        String summary = env.get("GITHUB_STEP_SUMMARY");
        if (summary != null && !summary.isBlank()) {
            StringWriter markdown = new StringWriter();
            formats.find("markdown").orElseThrow().write(report, markdown);
            try {
                Files.writeString(Path.of(summary), markdown.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException | InvalidPathException e) {
                err.println("archgov: warning: the step summary $GITHUB_STEP_SUMMARY (" + summary + ") cannot be written ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the report is unchanged");
            }
        }
    }
}
