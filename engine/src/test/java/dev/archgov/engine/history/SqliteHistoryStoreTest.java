package dev.archgov.engine.history;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.report.GitInfo;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.score.HealthScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
            assertThat(store.schemaVersion()).isEqualTo(1);
            store.record(report("a1", 80, "h"), "{\"schemaVersion\":\"1.1\"}");
            store.record(report("a1", 85, "h"), "{\"schemaVersion\":\"1.1\"}");
            store.record(report("a1", 70, "other-contract"), "{}");
            List<HistoryEntry> all = store.list("https://example.com/shop.git", new HistoryStore.Query(Optional.empty(), Optional.empty(), 10));
            assertThat(all).extracting(HistoryEntry::score).containsExactlyInAnyOrder(85.0, 70.0);
        }
        try (SqliteHistoryStore again = SqliteHistoryStore.open(file)) {
            assertThat(again.schemaVersion()).isEqualTo(1);
            assertThat(again.find("https://example.com/shop.git", "a").orElseThrow().entry().score()).isIn(85.0, 70.0);
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
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
            assertThat(store.list("https://example.com/shop.git", new HistoryStore.Query(Optional.empty(), Optional.empty(), 1000))).hasSize(100);
        }
    }

    /** The other process of {@link #concurrentProcessesRecordSafely()}. */
    public static final class RecordingProcess {
        public static void main(String[] args) {
            Path file = Path.of(args[0]);
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                try (SqliteHistoryStore store = SqliteHistoryStore.open(file)) {
                    store.record(report("c" + args[1] + "-" + i, i, "h"), "{}");
                }
            }
        }
    }
}
