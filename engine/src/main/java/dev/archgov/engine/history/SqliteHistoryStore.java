package dev.archgov.engine.history;

import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.io.JsonReportReader;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded history: one SQLite file ({@code .archgov/history.db} by default), no set-up. Writes are single
 * transactions (WAL journal, full sync), so two processes can record at once and a crash never leaves half a
 * report; a busy database is waited for, then refused with a clear error. The schema is versioned and migrated
 * forward on open.
 */
public final class SqliteHistoryStore extends JdbcHistoryStore {
    /** Schema migrations, applied in order; the index + 1 is the schema version. Never edit a shipped one. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE reports (repository TEXT NOT NULL, commit_id TEXT NOT NULL, contract_hash TEXT NOT NULL,"
                    + " contract_name TEXT NOT NULL, branch TEXT NOT NULL, detached INTEGER NOT NULL, dirty INTEGER NOT NULL,"
                    + " commit_time TEXT NOT NULL, recorded_at TEXT NOT NULL, score REAL NOT NULL, delta REAL, findings INTEGER NOT NULL,"
                    + " report_json TEXT NOT NULL, PRIMARY KEY (repository, commit_id, contract_hash))",
            "CREATE INDEX reports_by_time ON reports (repository, branch, commit_time)"
    ), List.of(
            // audits: the class set a report was computed from (reused for identical sets), and failed builds
            "ALTER TABLE reports ADD COLUMN class_hash TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX reports_by_class_hash ON reports (repository, contract_hash, class_hash)",
            "CREATE TABLE build_failures (repository TEXT NOT NULL, commit_id TEXT NOT NULL, contract_hash TEXT NOT NULL,"
                    + " commit_time TEXT NOT NULL, branch TEXT NOT NULL, kind TEXT NOT NULL, exit_code INTEGER NOT NULL,"
                    + " command TEXT NOT NULL, log_tail TEXT NOT NULL, recorded_at TEXT NOT NULL,"
                    + " PRIMARY KEY (repository, commit_id, contract_hash))"
    ), List.of(
            // score v2: the formula and band of each record; older records are re-scored by rescoreToV2 below
            "ALTER TABLE reports ADD COLUMN score_version INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE reports ADD COLUMN band TEXT NOT NULL DEFAULT ''"
    ));
    /** The schema version from which every record carries a score of the current formula. */
    private static final int SCORE_V2_SCHEMA = 3;
    static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 10_000;

    private final Path file;

    private SqliteHistoryStore(Path file, Connection connection) {
        super(file.toString(), connection);
        this.file = file;
    }

    public static SqliteHistoryStore open(Path file) {
        return open(file, Integer.getInteger("archgov.history.busyTimeoutMillis", DEFAULT_BUSY_TIMEOUT_MILLIS));
    }

    public static SqliteHistoryStore open(Path file, int busyTimeoutMillis) {
        Connection c = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
                s.executeQuery("PRAGMA schema_version").close(); // fails here on a file that is not a database
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
            }
            SqliteHistoryStore store = new SqliteHistoryStore(file, c);
            store.migrate();
            return store;
        } catch (SQLException | IOException e) {
            closeQuietly(c);
            throw failure(file, e);
        }
    }

    /**
     * Opens the store for commands that only read it (a plain {@code check}, {@code history}, {@code report}, the gate's
     * base): as {@link #open} when it can be written, else read-only without touching the file, so a read-only
     * checkout or history directory never fails a command that records nothing. A read-only store whose schema is
     * older than this archgov's cannot be migrated: a {@link HistoryException} says so.
     */
    public static SqliteHistoryStore openForReading(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return openForReading(file, !Files.exists(file) || Files.isWritable(file) && dir != null && Files.isWritable(dir));
    }

    static SqliteHistoryStore openForReading(Path file, boolean writable) {
        if (writable) {
            return open(file);
        }
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1", config.toProperties());
            SqliteHistoryStore store = new SqliteHistoryStore(file, c);
            if (store.schemaVersion() < MIGRATIONS.size()) {
                throw new HistoryException(file + ": the history store is read-only and older than this archgov's (schema "
                        + store.schemaVersion() + ", now " + MIGRATIONS.size() + "); record once where it can be written to migrate it", null);
            }
            return store;
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure(file, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Brings the schema up to date in one write transaction (taken up front, so concurrent openers wait their turn). */
    private void migrate() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                int version;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > MIGRATIONS.size()) {
                    throw new HistoryException(file + ": history schema version " + version + " is newer than this archgov "
                            + "understands (" + MIGRATIONS.size() + "); upgrade archgov", null);
                }
                for (int v = version; v < MIGRATIONS.size(); v++) {
                    for (String sql : MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                    if (v + 1 == SCORE_V2_SCHEMA) {
                        rescoreToV2();
                    }
                    s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    /**
     * Re-scores the records made with score v1 from their recorded findings (the reader computes v2 from the rules'
     * findings, the size and the default weights), so a history never mixes the two formulas: their score and band
     * columns, and their delta against the record they were compared with (or none when that one is gone).
     */
    private void rescoreToV2() throws SQLException {
        record Old(String repository, String commit, String contractHash, String againstCommit, double score, String band) {
        }
        List<Old> old = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT repository, commit_id, contract_hash, report_json FROM reports WHERE score_version < 2")) {
            while (rs.next()) {
                Report report;
                try {
                    report = JsonReportReader.read(rs.getString("report_json"));
                } catch (IOException | RuntimeException e) {
                    continue; // a damaged record keeps its v1 score and says so (band "v1"); reading it fails as before
                }
                String against = JsonReportReader.recordedDeltaCommit(rs.getString("report_json"));
                old.add(new Old(rs.getString("repository"), rs.getString("commit_id"), rs.getString("contract_hash"), against,
                        report.score().overall(), report.score().band().label()));
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE reports SET score = ?, band = ?, score_version = 2 WHERE repository = ? AND commit_id = ? AND contract_hash = ?")) {
            for (Old o : old) {
                update.setDouble(1, o.score());
                update.setString(2, o.band());
                update.setString(3, o.repository());
                update.setString(4, o.commit());
                update.setString(5, o.contractHash());
                update.executeUpdate();
            }
        }
        try (PreparedStatement before = connection.prepareStatement("SELECT score FROM reports WHERE repository = ? AND commit_id = ?"
                + " ORDER BY contract_hash = ? DESC, recorded_at DESC LIMIT 1");
             PreparedStatement delta = connection.prepareStatement(
                     "UPDATE reports SET delta = ? WHERE repository = ? AND commit_id = ? AND contract_hash = ?")) {
            for (Old o : old) {
                Double previous = null;
                if (!o.againstCommit().isEmpty()) {
                    before.setString(1, o.repository());
                    before.setString(2, o.againstCommit());
                    before.setString(3, o.contractHash());
                    try (ResultSet rs = before.executeQuery()) {
                        previous = rs.next() ? rs.getDouble(1) : null;
                    }
                }
                if (previous == null) {
                    delta.setNull(1, Types.REAL);
                } else {
                    delta.setDouble(1, Math.round((o.score() - previous) * 100) / 100.0);
                }
                delta.setString(2, o.repository());
                delta.setString(3, o.commit());
                delta.setString(4, o.contractHash());
                delta.executeUpdate();
            }
        }
    }

    /** The schema version of the open store. */
    public int schemaVersion() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    @Override
    void inWriteTransaction(Work work) throws SQLException {
        try (Statement tx = connection.createStatement()) {
            tx.execute("BEGIN IMMEDIATE"); // taken up front: a concurrent writer waits (busy timeout), never deadlocks
            try {
                work.run();
                tx.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                tx.execute("ROLLBACK");
                throw e;
            }
        }
    }

    @Override
    HistoryException failure(Exception e) {
        return failure(file, e);
    }

    static HistoryException failure(Path file, Exception e) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
                return new HistoryException(file + ": the history store is not a readable SQLite database (corrupted?); "
                        + "it was left untouched: move it aside to start a new history", e);
            }
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                    || code.name().startsWith("SQLITE_BUSY") || code.name().startsWith("SQLITE_LOCKED")) {
                return new HistoryException(file + ": the history store is locked by another process; try again when it is done", e);
            }
            if (code == SQLiteErrorCode.SQLITE_READONLY || code == SQLiteErrorCode.SQLITE_CANTOPEN || code.name().startsWith("SQLITE_READONLY")) {
                return new HistoryException(file + ": the history store cannot be written (" + s.getMessage() + ")", e);
            }
        }
        return new HistoryException(file + ": history store error: " + e.getMessage(), e);
    }
}
