package dev.archgov.cli;

import dev.archgov.engine.history.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet audits on real components: a real PostgreSQL, Quartz in clustered mode, three worker processes over four
 * repositories of three commits; one worker is killed (SIGKILL) in the middle of a job. Every commit is recorded
 * exactly once, the killed worker's job ran again elsewhere, and the reports are those a single-process audit gives.
 */
class FleetTest {
    @RegisterExtension
    static final TestPostgres.Server POSTGRES = new TestPostgres.Server();

    @Test
    void threeWorkersOneKilledEveryCommitRecordedOnceAsASingleAuditRecordsIt(@TempDir Path tmp) throws Exception {
        String url = POSTGRES.newDatabase();
        StringBuilder fleet = new StringBuilder("version: 1\nrepositories:\n");
        for (int r = 1; r <= 4; r++) {
            Path repo = tmp.resolve("repo" + r);
            AuditOptionsTest.repository(repo, 3);
            fleet.append("  - name: repo").append(r).append("\n    location: ").append(repo).append("\n    branch: main\n    last: 3\n")
                    .append("    build: \"sleep 2 && ").append(AuditTest.BUILD.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        Path fleetFile = Files.writeString(tmp.resolve("fleet.yaml"), fleet);
        Cli queued = Cli.run("fleet", "audit", fleetFile.toString(), "--history", url);
        assertThat(queued.exit()).as(queued.err()).isZero();
        assertThat(queued.out()).contains("12 jobs queued for 4 repositories");
        assertThat(Cli.run("fleet", "audit", fleetFile.toString(), "--history", url).out()).as("queued once").contains("0 jobs queued", "12 already queued");

        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    "dev.archgov.cli.ArchgovCommand", "fleet", "worker", "--history", url, "--until-idle", "--checkin", "1s",
                    "--cache", tmp.resolve("cache" + w).toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("worker" + w + ".log").toFile()).start());
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (count(url, "SELECT count(*) FROM fleet_jobs WHERE state = 'running'") < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        workers.get(0).destroyForcibly(); // SIGKILL in the middle of a job: no shutdown hook, no clean-up
        for (Process p : workers.subList(1, 3)) {
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the workers finish: " + Files.readString(tmp.resolve("worker1.log"))).isTrue();
            assertThat(p.exitValue()).isZero();
        }

        assertThat(count(url, "SELECT count(*) FROM reports")).isEqualTo(12);
        assertThat(count(url, "SELECT count(DISTINCT (repository, commit_id)) FROM reports")).isEqualTo(12);
        assertThat(count(url, "SELECT count(*) FROM fleet_jobs WHERE state = 'recorded'")).isEqualTo(12);
        assertThat(count(url, "SELECT count(*) FROM fleet_jobs WHERE detail LIKE '%re-run%'")).as("the killed worker's job ran again").isGreaterThanOrEqualTo(1);
        Cli status = Cli.run("fleet", "status", "--history", url);
        assertThat(status.out()).contains("repo1", "repo4").doesNotContain("(no fleet job");
        Cli report = Cli.run("fleet", "report", "--history", url, "-o", tmp.resolve("fleet-report").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.out()).contains("4 repositories, worst first");
        String index = Files.readString(tmp.resolve("fleet-report/index.html"));
        for (int r = 1; r <= 4; r++) {
            assertThat(index).contains("href=\"repo" + r + "/archgov-trend.html\"");
            assertThat(tmp.resolve("fleet-report/repo" + r + "/archgov-trend.html")).exists();
        }

        // the same reports as one process auditing each repository on its own
        Map<String, String> fleetRecords = records(url);
        Path single = tmp.resolve("single.db");
        for (int r = 1; r <= 4; r++) {
            Path repo = tmp.resolve("repo" + r);
            Cli audit = Cli.run("audit", repo.toString(), "--last", "3", "--history", single.toString(), "--progress", "none");
            assertThat(audit.exit()).as(audit.err()).isZero();
        }
        assertThat(fleetRecords).hasSize(12).isEqualTo(records("jdbc:sqlite:" + single));
    }

    @Test
    void aBadFleetFileIsEveryProblemAtItsPlaceAndNoDatabaseIsAUsageError(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("fleet.yaml"), "version: 1\nrepositories:\n  - name: shop\n    location: /srv/shop\n"
                + "    per: fortnight\n    colour: blue\n");
        Cli run = Cli.run("fleet", "audit", bad.toString(), "--history", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("fleet.yaml:6:5: error: unknown key 'colour'", "fleet.yaml:5:10: error: per: 'fortnight' is not one of day, week, month");
        Cli noDatabase = Cli.run("fleet", "status", "--history", tmp.resolve("history.db").toString());
        assertThat(noDatabase.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDatabase.err()).contains("fleet: give the shared history");
    }

    /** Each record of a store (a JDBC URL) as "repository commit" → "score findings band". */
    private static Map<String, String> records(String jdbcUrl) throws Exception {
        Map<String, String> result = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT repository, commit_id, score, findings, band FROM reports")) {
            while (rs.next()) {
                result.put(rs.getString(1) + " " + rs.getString(2), rs.getDouble(3) + " " + rs.getInt(4) + " " + rs.getString(5));
            }
        }
        return result;
    }

    private static int count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
