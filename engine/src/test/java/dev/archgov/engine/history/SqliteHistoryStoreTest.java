package dev.archgov.engine.history;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.score.HealthScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteHistoryStoreTest {
    @TempDir
    Path dir;

    static Report report(String commit, double score, String hash) {
        GitInfo git = new GitInfo(true, "/repo", "https://example.com/shop.git", commit, List.of(), "main", false, "A <a@x>",
                "2026-01-0" + (commit.charAt(0) - 'a' + 1) + "T10:00:00Z", false, List.of());
        return new Report(Report.SCHEMA_VERSION, "test", new Report.ContractInfo("shop", "archgov.yaml", hash), git,
                new Report.TargetInfo(1, 1), Severity.MINOR, true, new HealthScore(score, Map.of("lock", score), List.of()),
                Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), new Report.Timings(0, 0, 0, 0));
    }

    @Test
    void migratesOnOpenAndReRecordingTheSameKeyReplaces() {
        Path file = dir.resolve(".archgov/history.db");
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            assertThat(store.schemaVersion()).isEqualTo(3);
            store.record(report("a1", 80, "h"), "{\"schemaVersion\":\"1.1\"}");
            store.record(report("a1", 85, "h"), "{\"schemaVersion\":\"1.1\"}");
            store.record(report("a1", 70, "other-contract"), "{}");
            List<HistoryEntry> all = store.list("https://example.com/shop.git", new HistoryStore.Query(Optional.empty(), Optional.empty(), 10));
            assertThat(all).extracting(HistoryEntry::score).containsExactlyInAnyOrder(85.0, 70.0);
        }
        try (SqliteHistoryStore again = SqliteHistoryStore.open(file)) {
            assertThat(again.schemaVersion()).isEqualTo(3);
            assertThat(again.find("https://example.com/shop.git", "a").orElseThrow().entry().score()).isIn(85.0, 70.0);
        }
    }

    /** The reports table of schema 1, as the in-code migrations before Flyway made it. */
    static final String V1_REPORTS = "CREATE TABLE reports (repository TEXT NOT NULL, commit_id TEXT NOT NULL, contract_hash TEXT NOT NULL,"
            + " contract_name TEXT NOT NULL, branch TEXT NOT NULL, detached INTEGER NOT NULL, dirty INTEGER NOT NULL,"
            + " commit_time TEXT NOT NULL, recorded_at TEXT NOT NULL, score REAL NOT NULL, delta REAL, findings INTEGER NOT NULL,"
            + " report_json TEXT NOT NULL, PRIMARY KEY (repository, commit_id, contract_hash))";

    @Test
    void aVersionOneStoreIsMigratedWithItsReportsKept() throws Exception {
        Path file = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (1)");
            s.execute(V1_REPORTS);
            s.execute("INSERT INTO reports VALUES ('r', 'a0', 'h', 'shop', 'main', 0, 0, '2026-01-01T10:00:00Z',"
                    + " '2026-01-02T10:00:00Z', 90.0, NULL, 0, '" + V1_CLEAN + "')");
            s.execute("INSERT INTO reports VALUES ('r', 'a1', 'h', 'shop', 'main', 0, 0, '2026-01-02T10:00:00Z',"
                    + " '2026-01-03T10:00:00Z', 77.5, -12.5, 2, '" + V1_TWO_CRITICALS + "')");
            s.execute("INSERT INTO reports VALUES ('r', 'a2', 'h', 'shop', 'main', 0, 0, '2026-01-03T10:00:00Z',"
                    + " '2026-01-04T10:00:00Z', 66.0, NULL, 3, '{}')");
        }
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            assertThat(store.schemaVersion()).isEqualTo(3);
            assertThat(flywayHistory(file)).as("baselined at the pre-Flyway version, then migrated by Flyway")
                    .containsExactly("1 BASELINE", "2 SQL", "3 JDBC");
            // re-scored with v2 from the recorded findings: clean is 100 (A); two criticals 100 × e^(−20/150) × 0.9
            assertThat(store.exact("r", "a0", "h").orElseThrow().entry()).extracting(HistoryEntry::score, HistoryEntry::band)
                    .containsExactly(100.0, "A");
            HistoryEntry critical = store.exact("r", "a1", "h").orElseThrow().entry();
            assertThat(critical.score()).isEqualTo(78.77);
            assertThat(critical.band()).isEqualTo("C");
            assertThat(critical.delta()).as("the delta between the re-scored records").isEqualTo(-21.23);
            assertThat(store.exact("r", "a1", "h").orElseThrow().report().score().overall()).isEqualTo(78.77);
            assertThat(store.exact("r", "a1", "h").orElseThrow().report().delta()).as("a v1 delta compared v1 scores").isEmpty();
            // a record that cannot be read keeps its v1 score and says so instead of passing for v2
            assertThat(store.exact("r", "a2", "h").orElseThrow().entry()).extracting(HistoryEntry::score, HistoryEntry::band)
                    .containsExactly(66.0, "v1");
            assertThat(store.byClassHash("r", "h", "")).isEmpty(); // an old record has no class hash: never reused
        }
    }

    /** Flyway's record of the store: "version type" per applied migration, in order. */
    static List<String> flywayHistory(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, type FROM archgov_schema_history WHERE success = 1 ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    static int legacyVersion(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.getInt(1);
        }
    }

    /** A store made by an archgov from before Flyway at schema 3 (its in-code migrations, verbatim). */
    @Test
    void aCurrentStoreFromBeforeFlywayIsBaselinedAndKeptAsItIs() throws Exception {
        Path file = dir.resolve("v3.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (1), (2), (3)");
            s.execute(V1_REPORTS);
            s.execute("CREATE INDEX reports_by_time ON reports (repository, branch, commit_time)");
            s.execute("ALTER TABLE reports ADD COLUMN class_hash TEXT NOT NULL DEFAULT ''");
            s.execute("CREATE INDEX reports_by_class_hash ON reports (repository, contract_hash, class_hash)");
            s.execute("CREATE TABLE build_failures (repository TEXT NOT NULL, commit_id TEXT NOT NULL, contract_hash TEXT NOT NULL,"
                    + " commit_time TEXT NOT NULL, branch TEXT NOT NULL, kind TEXT NOT NULL, exit_code INTEGER NOT NULL,"
                    + " command TEXT NOT NULL, log_tail TEXT NOT NULL, recorded_at TEXT NOT NULL,"
                    + " PRIMARY KEY (repository, commit_id, contract_hash))");
            s.execute("ALTER TABLE reports ADD COLUMN score_version INTEGER NOT NULL DEFAULT 1");
            s.execute("ALTER TABLE reports ADD COLUMN band TEXT NOT NULL DEFAULT ''");
            s.execute("INSERT INTO reports VALUES ('r', 'a0', 'h', 'shop', 'main', 0, 0, '2026-01-01T10:00:00Z',"
                    + " '2026-01-02T10:00:00Z', 93.5, NULL, 0, '" + V1_CLEAN + "', 'classes-0', 2, 'A')");
        }
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            assertThat(store.schemaVersion()).isEqualTo(3);
            assertThat(store.exact("r", "a0", "h").orElseThrow().entry()).as("a v2 record is not re-scored")
                    .extracting(HistoryEntry::score, HistoryEntry::band).containsExactly(93.5, "A");
            assertThat(store.byClassHash("r", "h", "classes-0")).isPresent();
        }
        assertThat(flywayHistory(file)).containsExactly("3 BASELINE");
        assertThat(legacyVersion(file)).isEqualTo(3);
    }

    @Test
    void aNewStoreIsFlywaysAndTellsAnOlderArchgovItsVersion() throws Exception {
        Path file = dir.resolve("new.db");
        SqliteHistoryStore.open(file).close();
        assertThat(flywayHistory(file)).containsExactly("1 SQL", "2 SQL", "3 JDBC");
        assertThat(legacyVersion(file)).as("what an archgov from before Flyway reads").isEqualTo(3);
        SqliteHistoryStore.open(file).close(); // current: opened without Flyway, nothing applied again
        assertThat(flywayHistory(file)).hasSize(3);
    }

    @Test
    void aStoreNewerThanThisArchgovIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("newer.db");
        SqliteHistoryStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO archgov_schema_history (installed_rank, version, description, type, script, checksum, installed_by,"
                    + " execution_time, success) VALUES (4, '4', 'from the future', 'SQL', 'V4__future.sql', 1, 'x', 0, 1)");
        }
        assertRefusedUntouched(file, file + ": history schema version 4 is newer than this archgov understands (3); upgrade archgov");
    }

    private static void assertRefusedUntouched(Path file, String message) throws IOException {
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> SqliteHistoryStore.open(file)).isInstanceOf(HistoryException.class).hasMessage(message);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aDatabaseOfSomethingElseIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
            s.execute("INSERT INTO invoices VALUES (1, 9.5)");
        }
        assertRefusedUntouched(file, file + ": not an archgov history store (it holds other tables and no archgov schema); it was left untouched");
    }

    /** Flyway takes no lock on SQLite: a migration elsewhere (another process holds the lock file) is waited for. */
    @Test
    void aMigrationInAnotherProcessIsWaitedFor() throws Exception {
        Path file = dir.resolve("history.db");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), MigrationLockHolder.class.getName(),
                SqliteHistoryStore.lockFile(file).toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(7))).isEqualTo("locked\n");
            assertThatThrownBy(() -> SqliteHistoryStore.open(file, 300)).isInstanceOf(HistoryException.class)
                    .hasMessage(file + ": the history store is being migrated by another process; try again when it is done");
            holder.getOutputStream().close(); // the holder releases the lock and ends
            try (SqliteHistoryStore store = SqliteHistoryStore.open(file, 30_000)) {
                assertThat(store.schemaVersion()).isEqualTo(3);
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** The other process of {@link #aMigrationInAnotherProcessIsWaitedFor()}: holds the lock until its input closes. */
    public static final class MigrationLockHolder {
        public static void main(String[] args) throws IOException {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                System.out.print("locked\n");
                System.out.flush();
                System.in.readAllBytes();
            }
        }
    }

    static final String V1_CLEAN = "{\"schemaVersion\":\"1.1\",\"target\":{\"classes\":40},\"score\":{\"overall\":90.0},"
            + "\"rules\":[{\"id\":\"LOCK-01\",\"category\":\"lock\",\"severity\":\"critical\",\"checked\":4,\"violating\":0,"
            + "\"findings\":0}]}";
    static final String V1_TWO_CRITICALS = V1_CLEAN.replace("\"violating\":0,\"findings\":0", "\"violating\":1,\"findings\":2")
            .replace("}]}", "}],\"delta\":{\"againstCommit\":\"a0\",\"previousScore\":90.0,\"overall\":-12.5}}");

    @Test
    void aStoreThatCannotBeWrittenIsReadWithoutTouchingIt() throws Exception {
        Path file = dir.resolve("ro/history.db");
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            store.record(report("a1", 80, "h"), "{}");
        }
        try (var files = Files.list(file.getParent())) {
            files.filter(p -> !p.equals(file)).forEach(p -> p.toFile().delete()); // WAL files gone, as after a clean close
        }
        byte[] before = Files.readAllBytes(file);
        try (SqliteHistoryStore store = SqliteHistoryStore.openForReading(file, false)) {
            assertThat(store.exact("https://example.com/shop.git", "a1", "h").orElseThrow().entry().score()).isEqualTo(80.0);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void reportsAreFoundByClassHashAndABuildFailureIsReplacedByALaterReport() {
        String repo = "https://example.com/shop.git";
        try (SqliteHistoryStore store = SqliteHistoryStore.open(dir.resolve("h.db"))) {
            store.record(report("a1", 80, "h"), "{\"a\":1}", "classes-1");
            assertThat(store.byClassHash(repo, "h", "classes-1").orElseThrow().entry().commit()).isEqualTo("a1");
            assertThat(store.byClassHash(repo, "other", "classes-1")).isEmpty();
            assertThat(store.byClassHash(repo, "h", "classes-2")).isEmpty();

            store.recordFailure(new HistoryStore.BuildFailure(repo, "b2", "h", "2026-01-02T10:00:00Z", "main", "failed", 1, "make",
                    "error: ';' expected"));
            store.recordFailure(new HistoryStore.BuildFailure(repo, "b2", "h", "2026-01-02T10:00:00Z", "main", "timeout", -1, "make", ""));
            assertThat(store.failures(repo, "h")).containsOnlyKeys("b2");
            assertThat(store.failures(repo, "h").get("b2").kind()).isEqualTo("timeout");
            assertThat(store.failures(repo, "other")).isEmpty();

            store.record(report("b2", 90, "h"), "{}", "classes-2");
            assertThat(store.failures(repo, "h")).isEmpty();
            assertThat(store.exact(repo, "b2", "h")).isPresent();
            assertThat(store.exact(repo, "b2", "other")).isEmpty();
        }
    }

    @Test
    void aCorruptedStoreIsRefusedAndLeftUntouched() throws IOException {
        Path file = dir.resolve("history.db");
        byte[] garbage = "this is not a SQLite database, but it is somebody's file".repeat(100).getBytes();
        Files.write(file, garbage);
        assertThatThrownBy(() -> SqliteHistoryStore.open(file))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("not a readable SQLite database")
                .hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void aLockedStoreIsRefusedAndNothingStoredIsLost() throws Exception {
        Path file = dir.resolve("history.db");
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            store.record(report("a1", 80, "h"), "{}");
        }
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = holder.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            assertThatThrownBy(() -> {
                try (SqliteHistoryStore store = SqliteHistoryStore.open(file, 200)) {
                    store.record(report("b2", 90, "h"), "{}");
                }
            }).isInstanceOf(HistoryException.class).hasMessageContaining("locked by another process");
            s.execute("ROLLBACK");
        }
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            assertThat(store.list("https://example.com/shop.git", new HistoryStore.Query(Optional.empty(), Optional.empty(), 10)))
                    .extracting(HistoryEntry::commit).containsExactly("a1");
        }
    }

    /** Separate JVM processes record into the same file at the same time; every record arrives. */
    @Test
    void concurrentProcessesRecordSafely() throws Exception {
        Path file = dir.resolve("history.db");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                    RecordingProcess.class.getName(), file.toString(), "p" + p, "25").redirectErrorStream(true).start());
        }
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        assertThat(flywayHistory(file)).as("four processes opened the new store at once: it was migrated once")
                .containsExactly("1 SQL", "2 SQL", "3 JDBC");
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            assertThat(store.list("https://example.com/shop.git", new HistoryStore.Query(Optional.empty(), Optional.empty(), 1000))).hasSize(100);
        }
    }

    /**
     * Flyway takes no lock on SQLite: processes that open a new store at the same moment (each waits for a start time
     * given by the test) must still migrate it once, and every record must arrive.
     */
    @Test
    void processesOpeningANewStoreTogetherMigrateItOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path file = dir.resolve("together-" + round + ".db");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            long start = System.currentTimeMillis() + 2_500;
            List<Process> processes = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                        RecordingProcess.class.getName(), file.toString(), "p" + p, "1", String.valueOf(start))
                        .redirectErrorStream(true).start());
            }
            for (Process p : processes) {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
            }
            assertThat(flywayHistory(file)).containsExactly("1 SQL", "2 SQL", "3 JDBC");
            try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
                assertThat(store.list("https://example.com/shop.git", new HistoryStore.Query(Optional.empty(), Optional.empty(), 10))).hasSize(4);
            }
        }
    }

    /** The other process of {@link #concurrentProcessesRecordSafely()}: records reports, from a start time when one is given. */
    public static final class RecordingProcess {
        public static void main(String[] args) throws InterruptedException {
            Path file = Path.of(args[0]);
            if (args.length > 3) {
                SqliteHistoryStore.class.getName(); // loaded before the start
                Thread.sleep(Math.max(0, Long.parseLong(args[3]) - System.currentTimeMillis()));
            }
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
                    store.record(report("c" + args[1] + "-" + i, i, "h"), "{}");
                }
            }
        }
    }
}
