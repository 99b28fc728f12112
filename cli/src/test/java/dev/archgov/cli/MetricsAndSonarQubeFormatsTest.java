package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --format prometheus (the score, categories, findings by severity and rule, for a Pushgateway or the textfile
 * collector; checked with promtool where it is installed) and --format sonarqube (generic external issues), agreeing
 * with the JSON report of the same run.
 */
class MetricsAndSonarQubeFormatsTest {
    @TempDir
    static Path out;
    static JsonNode report;

    @BeforeAll
    static void run() throws Exception {
        Cli run = Cli.run("check", "../examples/shop", "--format", "json,prometheus,sonarqube", "--output", out.toString(), "--color=never");
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
    }

    @Test
    void metricsCarryTheScoreCategoriesAndFindingsOfTheReport() throws IOException {
        String prom = Files.readString(out.resolve("archgov.prom"));
        String contract = "contract=\"shop\"";
        assertThat(prom).contains("# TYPE archgov_health_score gauge", "# HELP archgov_health_score ");
        assertThat(value(prom, "archgov_health_score\\{[^}]*" + contract + "[^}]*}")).isEqualTo(report.path("score").path("overall").asDouble());
        report.path("score").path("categories").fields().forEachRemaining(c ->
                assertThat(value(prom, "archgov_category_score\\{[^}]*category=\"" + c.getKey() + "\"[^}]*}")).as(c.getKey()).isEqualTo(c.getValue().asDouble()));
        int findings = 0;
        for (String severity : List.of("blocker", "critical", "major", "minor", "info")) {
            findings += (int) value(prom, "archgov_findings\\{[^}]*severity=\"" + severity + "\"[^}]*}");
        }
        assertThat(findings).isEqualTo(report.path("findings").size());
        for (JsonNode rule : report.path("rules")) {
            assertThat(value(prom, "archgov_rule_findings\\{[^}]*rule=\"" + rule.path("id").asText() + "\"[^}]*}")).isEqualTo(rule.path("findings").asDouble());
        }
        assertThat(value(prom, "archgov_check_passed\\{[^}]*}")).isZero();
        assertThat(prom).containsPattern("archgov_report_info\\{[^}]*score_version=\"" + report.path("scoreVersion").asText() + "\"");
    }

    /**
     * The Grafana dashboard in examples/grafana is a dashboard (panels with queries, template variables) whose every
     * query names only metrics and labels that --format prometheus writes: a renamed metric breaks this test, not a
     * team's dashboard.
     */
    @Test
    void theGrafanaDashboardQueriesOnlyWhatTheMetricsWrite() throws IOException {
        String prom = Files.readString(out.resolve("archgov.prom"));
        Set<String> metrics = new HashSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (\\w+) ").matcher(prom);
        while (type.find()) {
            metrics.add(type.group(1));
        }
        Set<String> labels = new HashSet<>();
        Matcher label = Pattern.compile("[{,]\\s*(\\w+)=\"").matcher(prom);
        while (label.find()) {
            labels.add(label.group(1));
        }
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("../examples/grafana/archgov-dashboard.json").toFile());
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("type").asText()).as("panel %s", panel.path("title")).isNotBlank();
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
            panel.path("targets").forEach(t -> queries.add(t.path("legendFormat").asText()));
        }
        dashboard.path("templating").path("list").forEach(v -> queries.add(v.path("definition").asText()));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(16);
        Set<String> used = new HashSet<>();
        Set<String> usedLabels = new HashSet<>();
        for (String q : queries) {
            Matcher m = Pattern.compile("\\barchgov_\\w+").matcher(q);
            while (m.find()) {
                used.add(m.group());
            }
            Matcher l = Pattern.compile("(?:[{,]\\s*|by \\(|label_values\\([^,]+,\\s*|\\{\\{)(\\w+)(?:\\s*(?:=~|=|!=|\\)|}}))").matcher(q);
            while (l.find()) {
                usedLabels.add(l.group(1));
            }
        }
        assertThat(metrics).as("metrics written").containsAll(used);
        assertThat(used).as("the dashboard shows the score, categories, findings and rules")
                .contains("archgov_health_score", "archgov_category_score", "archgov_findings", "archgov_rule_findings", "archgov_rule_compliance");
        assertThat(labels).as("labels written").containsAll(usedLabels);
        assertThat(usedLabels).contains("repo", "branch", "contract", "category", "rule", "severity");
    }

    /** promtool (Debian's prometheus package; .ci/run installs it) accepts the metrics: names, types, help, no duplicate series. */
    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v promtool").redirectErrorStream(true).start();
        Assumptions.assumeTrue(which.waitFor() == 0, "skipped: promtool is not installed here (Debian package prometheus)");
        Process check = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(out.resolve("archgov.prom").toFile()).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(output).isZero();
    }

    @Test
    void sonarQubeIssuesReferToDeclaredRulesAndPlaceEachFindingWithASource() throws IOException {
        JsonNode sonar = new ObjectMapper().readTree(out.resolve("archgov-sonarqube.json").toFile());
        Set<String> rules = new HashSet<>();
        for (JsonNode rule : sonar.path("rules")) {
            rules.add(rule.path("id").asText());
            assertThat(rule.path("engineId").asText()).isEqualTo("archgov");
            assertThat(rule.path("cleanCodeAttribute").asText()).isIn("MODULAR", "LOGICAL");
            assertThat(rule.path("impacts").get(0).path("severity").asText()).isIn("HIGH", "MEDIUM", "LOW");
        }
        List<String> placed = new ArrayList<>();
        for (JsonNode issue : sonar.path("issues")) {
            assertThat(rules).contains(issue.path("ruleId").asText());
            JsonNode at = issue.path("primaryLocation");
            assertThat(at.path("filePath").asText()).doesNotStartWith("/").matches(".*\\.(java|ya?ml|properties)");
            placed.add(issue.path("ruleId").asText() + " " + at.path("filePath").asText() + ":" + at.path("textRange").path("startLine").asInt());
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            if (!f.path("path").asText().isEmpty()) {
                expected.add(f.path("ruleId").asText() + " " + f.path("path").asText() + ":" + f.path("line").asInt());
            }
        }
        assertThat(placed).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("series " + series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
