package dev.archgov.cli;

import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.format.ReportFormats;
import dev.archgov.engine.report.format.ReportWriter;
import dev.archgov.engine.report.format.Styler;
import dev.archgov.engine.report.io.AtomicFiles;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code -f/--format}, {@code -o/--output} and {@code --color}: how a report is printed or written, for check, gate and report. */
final class ReportOutput {
    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT", description = "Output formats, comma-separated: "
            + "text, json, junit, codequality, sarif, markdown, github, prometheus, sonarqube (default: text). Several formats need --output.")
    List<String> formats = new ArrayList<>(List.of("text"));

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write each format to a file in DIR (archgov-report.<ext>), atomically.")
    Path output;

    @Option(names = "--report-url", paramLabel = "URL", description = "Where the full report is published (a CI job's artifacts): "
            + "the Markdown summary links to it.")
    String reportUrl;

    @Mixin
    ColorOption color;

    ReportFormats formats(Styler styler, boolean baselined) {
        return new ReportFormats(styler, baselined, Optional.ofNullable(reportUrl));
    }

    /** The formats asked for, checked before any work: known names, and several only with --output. */
    List<String> names() {
        ReportFormats known = new ReportFormats(Styler.PLAIN);
        List<String> names = formats.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String f : names) {
            if (known.find(f).isEmpty()) {
                throw new ArchgovCommand.UsageException("unknown format '" + f + "' (expected one of: " + String.join(", ", known.names()) + ")");
            }
        }
        if (reportUrl != null && !reportUrl.startsWith("https://") && !reportUrl.startsWith("http://")) {
            throw new ArchgovCommand.UsageException("--report-url '" + reportUrl + "' is not an http(s) URL");
        }
        if (output == null && names.size() > 1) {
            throw new ArchgovCommand.UsageException("several formats (" + String.join(",", names) + ") need --output DIR");
        }
        return names;
    }

    /**
     * Prints the report in the one format asked for; or writes every format to its file in --output, then (with
     * {@code echoText}) prints the text report too.
     *
     * @param baselined the report is against a base (baseline, gate): its writers say new, fixed and unchanged
     */
    void write(Report report, PrintWriter out, boolean baselined, boolean echoText) throws IOException {
        List<String> names = names();
        if (output == null) {
            formats(color.styler(), baselined).find(names.get(0)).orElseThrow().write(report, out);
            return;
        }
        ReportFormats plain = formats(Styler.PLAIN, baselined);
        for (String f : names) {
            ReportWriter writer = plain.find(f).orElseThrow();
            Path file = output.resolve(writer.fileName());
            try {
                AtomicFiles.write(file, w -> writer.write(report, w));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
        if (echoText) {
            formats(color.styler(), baselined).find("text").orElseThrow().write(report, out);
        }
    }
}
