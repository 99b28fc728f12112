package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.history.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet dashboard (examples/grafana/archgov-fleet-dashboard.json) reads the shared history: every panel's SQL and
 * the branch variable's run on a real PostgreSQL holding a recorded check and a recorded build failure, with Grafana's
 * macros expanded as Grafana expands them, and answer what the panels promise.
 */
class FleetDashboardTest {
    @RegisterExtension
    static final TestPostgres.Server POSTGRES = new TestPostgres.Server();

    @Test
    void everyPanelQueryRunsOnTheSharedHistory() throws IOException, SQLException {
        String url = POSTGRES.newDatabase();
        Cli check = Cli.run("check", "../examples/shop", "--record", "--history", url, "--no-cache");
        assertThat(check.exit()).as(check.err()).isEqualTo(1);
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("../examples/grafana/archgov-fleet-dashboard.json").toFile());
        assertThat(dashboard.path("__inputs").get(0).path("name").asText()).isEqualTo("DS_ARCHGOV_HISTORY");
        Map<String, List<List<String>>> answers = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            String repository = rows(s, "SELECT repository FROM reports").get(0).get(0);
            String branches = String.join(",", rows(s, "SELECT DISTINCT quote_literal(branch) FROM reports").stream().map(r -> r.get(0)).toList());
            s.execute("INSERT INTO build_failures VALUES (" + quote(repository) + ", 'f00d', 'h', '2026-11-01T10:00:00Z', 'main', 'failed', 1,"
                    + " 'mvn package', 'BUILD FAILURE', '2026-11-01T10:05:00Z')");
            String variable = dashboard.path("templating").path("list").get(0).path("query").asText();
            assertThat(rows(s, variable)).isNotEmpty();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${DS_ARCHGOV_HISTORY}");
                for (JsonNode target : panel.path("targets")) {
                    String sql = target.path("rawSql").asText()
                            .replaceAll("\\$__timeFilter\\(([^()]*(?:\\([^()]*\\))?[^()]*)\\)",
                                    "$1 BETWEEN '2000-01-01T00:00:00Z'::timestamptz AND '2100-01-01T00:00:00Z'::timestamptz")
                            .replace("${branch:sqlstring}", branches.isEmpty() ? "'main'" : branches + ",'main'");
                    answers.put(panel.path("title").asText(), rows(s, sql));
                }
            }
        }
        assertThat(answers).containsOnlyKeys("Repositories by health score", "Health score per repository", "Worst rules across the fleet",
                "Largest regressions", "Commits that did not build");
        assertThat(answers.get("Repositories by health score")).hasSize(1);
        assertThat(answers.get("Health score per repository")).hasSize(1);
        List<List<String>> worst = answers.get("Worst rules across the fleet");
        assertThat(worst).hasSizeBetween(10, 20).extracting(r -> r.get(0)).contains("LOCK-01", "GEN-HTTP-01");
        assertThat(worst).extracting(r -> Integer.parseInt(r.get(1))).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(answers.get("Commits that did not build")).singleElement().satisfies(r -> assertThat(r).contains("f00d", "failed"));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static List<List<String>> rows(Statement s, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
