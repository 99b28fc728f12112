package dev.archgov.engine.trend;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/** One format of the audit's trend report. */
public interface TrendWriter {
    /** The name given to {@code --format}. */
    String format();

    /** The file written in the output directory. */
    String fileName();

    void write(Trend trend, Writer out) throws IOException;

    /** Every format: html, markdown, csv, json. */
    static List<TrendWriter> all() {
        return List.of(new TrendHtmlWriter(), new TrendMarkdownWriter(), new TrendCsvWriter(), new TrendJsonWriter());
    }

    static Optional<TrendWriter> find(String format) {
        return all().stream().filter(w -> w.format().equals(format)).findFirst();
    }
}
