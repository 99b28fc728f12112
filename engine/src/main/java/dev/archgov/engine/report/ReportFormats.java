package dev.archgov.engine.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The output formats by name. */
public final class ReportFormats {
    private final Map<String, ReportWriter> writers = new LinkedHashMap<>();

    public ReportFormats(Styler styler) {
        for (ReportWriter w : List.of(new TextReportWriter(styler), new JsonReportWriter(), new JUnitXmlWriter(),
                new GitLabCodeQualityWriter(), new SarifWriter(), new MarkdownWriter(), new GitHubAnnotationsWriter())) {
            writers.put(w.format(), w);
        }
    }

    public Optional<ReportWriter> find(String format) {
        return Optional.ofNullable(writers.get(format));
    }

    public List<String> names() {
        return List.copyOf(writers.keySet());
    }
}
