package dev.archgov.engine.report.format;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The report as Prometheus metrics (text exposition format, written by the Prometheus Java client's writer), for the
 * Pushgateway or node-exporter's textfile collector: the health score, each category's, findings by severity and by
 * rule, each rule's compliance, the verdict, and one info series naming the commit, archgov's version and the score
 * formula's. Every series carries {@code repo}, {@code branch} and {@code contract}, so one dashboard shows many
 * repositories. Gauges all: a report is a state, not a count that grows.
 */
public final class PrometheusWriter implements ReportWriter {

    @Override
    public String format() {
        return "prometheus";
    }

    @Override
    public String fileName() {
        return "archgov.prom";
    }

    @Override
    public void write(Report r, Writer writer) throws IOException {
        String repo = r.git().present() ? r.git().repository() : ""; // the remote without credentials (GitContext), or the root
        String[] base = {"repo", Objects.requireNonNullElse(repo, ""), "branch", Objects.requireNonNullElse(r.git().branch(), ""),
                "contract", r.contract().name()};
        Labels labels = Labels.of(base);

        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            bySeverity.put(s, 0);
        }
        for (Finding f : r.findings()) {
            bySeverity.merge(f.severity(), 1, Integer::sum);
        }
        GaugeSnapshot.Builder findings = gauge("archgov_findings", "Findings of the analysed commit by severity (suppressed and baselined ones aside).");
        bySeverity.forEach((severity, count) -> findings.dataPoint(point(labels.add("severity", severity.label()), count)));

        GaugeSnapshot.Builder categories = gauge("archgov_category_score", "Health score of one category (0-100).");
        r.score().categories().forEach((category, value) -> categories.dataPoint(point(labels.add("category", category), value)));

        GaugeSnapshot.Builder ruleFindings = gauge("archgov_rule_findings", "Findings of one rule.");
        GaugeSnapshot.Builder compliance = gauge("archgov_rule_compliance", "Share of the classes a rule checks that keep it (0-1).");
        for (RuleResult rule : r.rules()) {
            Labels ruleLabels = labels.merge(new String[] {"rule", "category", "severity"}, new String[] {rule.id(), rule.category(), rule.severity().label()});
            ruleFindings.dataPoint(point(ruleLabels, rule.findings()));
            compliance.dataPoint(point(ruleLabels, rule.compliance()));
        }

        MetricSnapshots snapshots = MetricSnapshots.of(
                gauge("archgov_health_score", "Architecture health score of the analysed commit (0-100).").dataPoint(point(labels, r.score().overall())).build(),
                categories.build(),
                findings.build(),
                ruleFindings.build(),
                compliance.build(),
                gauge("archgov_check_passed", "1 when no finding reaches the failing severity, else 0.").dataPoint(point(labels, r.passed() ? 1 : 0)).build(),
                gauge("archgov_report_info", "The analysed commit, archgov's version and the score formula's version (value 1).")
                        .dataPoint(point(labels.merge(new String[] {"commit", "score_version", "version"},
                                new String[] {r.git().commit(), String.valueOf(r.score().version()), r.tool()}), 1)).build());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(bytes, snapshots);
        writer.write(bytes.toString(StandardCharsets.UTF_8));
        writer.flush();
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
