package dev.archgov.engine.report.format;

import dev.archgov.engine.report.Report;

import java.io.IOException;
import java.io.Writer;

/** Formats a finished report. Never computes anything. */
public interface ReportWriter {

    /** Format name as used in {@code --format}, e.g. {@code json}. */
    String format();

    /** File name used with {@code --output DIR}, e.g. {@code archgov-report.json}. */
    String fileName();

    void write(Report report, Writer out) throws IOException;
}
