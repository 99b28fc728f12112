package dev.archgov.engine.history;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.archgov.engine.history.SqliteHistoryStoreTest.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared history on a real PostgreSQL: the same behaviour as the SQLite file through the same interface, its
 * schema migrated by Flyway once however many open it at once, concurrent writers leaving one record per key, a
 * local store copied in idempotently, and no credential in any message.
 */
class PostgresHistoryStoreTest {
    private static final String REPO = "https://example.com/shop.git";
    @RegisterExtension
    static final TestPostgres.Server POSTGRES = new TestPostgres.Server();
    String url;

    @BeforeEach
    void database() {
        url = POSTGRES.newDatabase();
    }

    @Test
    void behavesAsTheEmbeddedStore(@TempDir Path dir) {
        for (HistoryLocation at : List.of(HistoryLocation.file(dir.resolve("history.db")), HistoryLocation.of(url))) {
            try (HistoryStore store = at.open()) {
                store.record(report("a1", 80, "h"), "{\"n\":1}", "classes-1");
                store.record(report("a1", 85, "h"), "{\"n\":2}", "classes-1"); // the same key: replaced
                store.record(report("a1", 70, "other"), "{}");
                store.record(report("b2", 90, "h"), "{}");
                store.recordFailure(new HistoryStore.BuildFailure(REPO, "c3", "h", "2026-01-03T10:00:00Z", "main", "failed", 1, "mvn", "boom"));
                assertThat(store.exact(REPO, "a1", "h").orElseThrow().json()).as(at.toString()).isEqualTo("{\"n\":2}");
                assertThat(store.byClassHash(REPO, "h", "classes-1").orElseThrow().entry().commit()).isEqualTo("a1");
                assertThat(store.firstOf(REPO, List.of("x", "a1"), "other").orElseThrow().entry().score()).isEqualTo(70.0);
                assertThat(store.latestOther(REPO, "b2").orElseThrow().entry().commit()).isEqualTo("a1");
                assertThat(store.failures(REPO, "h")).containsOnlyKeys("c3");
                assertThat(store.list(REPO, new HistoryStore.Query(Optional.of("main"), Optional.empty(), 10)))
                        .extracting(HistoryEntry::commit).containsExactly("b2", "a1", "a1");
                assertThatThrownBy(() -> store.find(REPO, "")).isInstanceOf(HistoryException.class).hasMessageContaining("ambiguous");
                store.record(report("c3", 60, "h"), "{}");
                assertThat(store.failures(REPO, "h")).as("a report replaces the commit's build failure").isEmpty();
            }
        }
    }

    @Test
    void concurrentWritersLeaveOneRecordPerKeyAndRunnersMigrateOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    try (HistoryStore store = HistoryLocation.of(url).open()) { // eight runners start together: one migration
                        for (int i = 0; i < 25; i++) {
                            String commit = (char) ('a' + i % 5) + "-" + i % 10; // 10 keys, each written by every writer
                            store.record(report(commit, 50 + writer, "h"), "{\"writer\":" + writer + "}");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        try (HistoryStore store = HistoryLocation.of(url).openForReading()) {
            List<HistoryEntry> all = store.list(REPO, new HistoryStore.Query(Optional.empty(), Optional.empty(), 1000));
            assertThat(all).hasSize(10);
            assertThat(all).allSatisfy(e -> assertThat(e.score()).isBetween(50.0, 57.0));
        }
    }

    @Test
    void aLocalStoreIsCopiedInOnceWithItsRecordTimes(@TempDir Path dir) {
        HistoryLocation local = HistoryLocation.file(dir.resolve(".archgov/history.db"));
        try (HistoryStore store = local.open()) {
            store.record(report("a1", 80, "h"), "{}");
            store.record(report("b2", 75, "h"), "{}");
            store.recordFailure(new HistoryStore.BuildFailure(REPO, "c3", "h", "2026-01-03T10:00:00Z", "main", "timeout", -1, "mvn", ""));
        }
        HistoryLocation shared = HistoryLocation.of(url);
        JdbcHistoryStore.CopyResult first = shared.copyFrom(local);
        assertThat(first).isEqualTo(new JdbcHistoryStore.CopyResult(2, 1, 0, 0));
        assertThat(shared.copyFrom(local)).as("idempotent").isEqualTo(new JdbcHistoryStore.CopyResult(0, 0, 2, 1));
        try (HistoryStore a = local.openForReading(); HistoryStore b = shared.openForReading()) {
            assertThat(b.exact(REPO, "a1", "h").orElseThrow().entry()).isEqualTo(a.exact(REPO, "a1", "h").orElseThrow().entry());
            assertThat(b.failures(REPO, "h")).isEqualTo(a.failures(REPO, "h"));
        }
    }

    @Test
    void credentialsAreNeverPrinted() {
        String secret = url.replaceFirst("^jdbc:postgresql://127\\.0\\.0\\.1:\\d+", "jdbc:postgresql://127.0.0.1:1") + "&password=s3cr3t";
        assertThatThrownBy(() -> HistoryLocation.of(secret).open()).isInstanceOf(HistoryException.class)
                .hasMessageContaining("cannot").hasMessageNotContaining("s3cr3t").hasNoCause();
        assertThat(HistoryLocation.of("jdbc:postgresql://bob:pw@db/h?password=x&ssl=true").toString())
                .isEqualTo("jdbc:postgresql://***@db/h?password=***&ssl=true");
        assertThat(PostgresHistoryStore.credentials("jdbc:postgresql://db/h", "ci", "pw")).containsEntry("user", "ci").containsEntry("password", "pw");
        assertThat(PostgresHistoryStore.credentials("jdbc:postgresql://db/h?user=a&password=b", "ci", "pw")).isEmpty();
    }
}
