package dev.archgov.engine.trend;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.score.HealthScore;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TrendTest {

    static Report report(double score, String... fingerprints) {
        List<Finding> findings = new ArrayList<>();
        for (String fp : fingerprints) {
            findings.add(new Finding("LOCK-01", Severity.CRITICAL, "lock", "m", "d", "com.acme.C", "com.acme.C." + fp + "()", "", "src/C.java", 3, fp));
        }
        RuleResult rule = new RuleResult("LOCK-01", "lock-released-in-finally", "lock", Severity.CRITICAL, "m", "", findings.size(), 0, 0,
                10, findings.size(), 1.0, List.of());
        return new Report(Report.SCHEMA_VERSION, "t", new Report.ContractInfo("c", "archgov.yaml", "h"), GitInfo.none(),
                new Report.TargetInfo(1, 1), Severity.MINOR, findings.isEmpty(), new HealthScore(score, Map.of("lock", score), List.of()),
                Optional.empty(), List.of(rule), findings, List.of(), List.of(), List.of(), List.of(), new Report.Timings(0, 0, 0, 0));
    }

    static Trend.Input ok(String commit, Report r) {
        return new Trend.Input(commit, "2026-01-01T00:00:00Z", "subject " + commit, Optional.of(r), Optional.empty());
    }

    static Trend.Input broken(String commit) {
        return new Trend.Input(commit, "2026-01-01T00:00:00Z", "subject " + commit, Optional.empty(),
                Optional.of(new Trend.Failure(commit, commit, "2026-01-01T00:00:00Z", "subject " + commit, "failed", 1, "make", "error")));
    }

    @Test
    void findingsPresentAtTheFirstCommitAreNotRegressionsAndAGapIsNamed() {
        Trend t = Trend.of("c", "r", "main", "now", "t", List.of(
                ok("a", report(90, "old")),
                ok("b", report(80, "old", "x")),
                broken("c"),
                ok("d", report(70, "old", "x", "y")),
                ok("e", report(95))));
        assertThat(t.regressions()).extracting(Trend.Regression::commit).containsExactly("b", "d"); // both drop 10: time order
        assertThat(t.regressions().get(0).introduced()).extracting(Trend.NewFinding::fingerprint).containsExactly("x");
        assertThat(t.regressions().get(1).unbuiltBefore()).containsExactly("c");
        assertThat(t.regressions().get(1).previousCommit()).isEqualTo("b");
        assertThat(t.points()).extracting(Trend.Point::status).containsExactly("analysed", "analysed", "failed", "analysed", "analysed");
        assertThat(t.points().get(4).fixed()).isEqualTo(3);
        assertThat(t.rules()).singleElement().satisfies(r -> {
            assertThat(r.series()).containsExactly(1, 2, null, 3, 0);
            assertThat(r.direction()).isEqualTo("better");
            assertThat(r.peak()).isEqualTo(3);
        });
    }

    @Test
    void aCommitThatOnlyMovesFindingsWithoutNewOnesOrADropIsNoRegression() {
        Trend t = Trend.of("c", "r", "main", "now", "t", List.of(ok("a", report(80, "x")), ok("b", report(85, "x"))));
        assertThat(t.regressions()).isEmpty();
    }

    @Test
    void theHtmlChartHasAPointPerAnalysedCommitAndBreaksTheLineAtAFailedBuild() throws Exception {
        Trend t = Trend.of("c <&>", "r", "main", "now", "t", List.of(ok("a1", report(90)), broken("b2"), ok("c3", report(70, "x"))));
        StringWriter html = new StringWriter();
        new TrendHtmlWriter().write(t, html);
        assertThat(html.toString()).contains("<title>archgov audit · c &lt;&amp;&gt; · main</title>", "data-series=\"overall\" data-points=\"2\"",
                "data-series=\"lock\" data-points=\"2\"", "<rect class=\"gap\" data-commit=\"b2\"")
                .doesNotContain("<script", "<link", " src=", "url(", "@import", "http://", "https://"); // offline: nothing to fetch
        String overall = html.toString().split("data-series=\"overall\"")[1].split("</g>")[0];
        assertThat(overall.split("<path fill=\"none\" d=\"")[1].split("\"")[0]).startsWith("M").contains(" M").doesNotContain(" L");
    }
}
