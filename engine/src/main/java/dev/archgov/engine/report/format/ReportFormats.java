package dev.archgov.engine.report.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The output formats by name. */
public final class ReportFormats {
    private final Map<String, ReportWriter> writers = new LinkedHashMap<>();

    public ReportFormats(Styler styler) {
        this(styler, false);
    }

    /** @param compared the reports were compared with a base (baseline file or merge-base) */
    public ReportFormats(Styler styler, boolean compared) {
        this(styler, compared, Optional.empty());
    }

    /** @param reportUrl where the full report is published (a CI artifact), linked from the Markdown summary */
    public ReportFormats(Styler styler, boolean compared, Optional<String> reportUrl) {
        for (ReportWriter w : List.of(new TextReportWriter(styler), new JsonReportWriter(), new JUnitXmlWriter(),
                new GitLabCodeQualityWriter(), new SarifWriter(compared), new MarkdownWriter(reportUrl), new GitHubAnnotationsWriter(),
                new PrometheusWriter(), new SonarQubeWriter())) {
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
