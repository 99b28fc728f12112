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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded history: one SQLite file ({@code .archgov/history.db} by default), no set-up. Writes are single
 * transactions (WAL journal, full sync), so two processes can record at once and a crash never leaves half a
 * report; a busy database is waited for, then refused with a clear error. The schema is versioned and migrated
 * forward on open.
 */
public final class SqliteHistoryStore implements HistoryStore {
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
    private final Connection connection;

    private SqliteHistoryStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
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
    public void record(Report report, String reportJson, String classHash) {
        String sql = "INSERT INTO reports (repository, commit_id, contract_hash, contract_name, branch, detached, dirty, commit_time,"
                + " recorded_at, score, delta, findings, report_json, class_hash, score_version, band) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (repository, commit_id, contract_hash) DO UPDATE SET contract_name = excluded.contract_name,"
                + " branch = excluded.branch, detached = excluded.detached, dirty = excluded.dirty, commit_time = excluded.commit_time,"
                + " recorded_at = excluded.recorded_at, score = excluded.score, delta = excluded.delta, findings = excluded.findings,"
                + " report_json = excluded.report_json, class_hash = excluded.class_hash, score_version = excluded.score_version,"
                + " band = excluded.band";
        String now = Instant.now().toString();
        var git = report.git();
        try (Statement tx = connection.createStatement(); PreparedStatement p = connection.prepareStatement(sql);
             PreparedStatement clear = connection.prepareStatement(
                     "DELETE FROM build_failures WHERE repository = ? AND commit_id = ? AND contract_hash = ?")) {
            tx.execute("BEGIN IMMEDIATE");
            p.setString(1, repositoryOf(report));
            p.setString(2, git.commit());
            p.setString(3, report.contract().hash());
            p.setString(4, report.contract().name());
            p.setString(5, git.branch());
            p.setInt(6, git.detached() ? 1 : 0);
            p.setInt(7, git.dirty() ? 1 : 0);
            p.setString(8, git.commitTime().isEmpty() ? now : git.commitTime());
            p.setString(9, now);
            p.setDouble(10, report.score().overall());
            if (report.delta().isPresent()) {
                p.setDouble(11, report.delta().get().overall());
            } else {
                p.setNull(11, Types.REAL);
            }
            p.setInt(12, report.findings().size());
            p.setString(13, reportJson);
            p.setString(14, classHash);
            p.setInt(15, report.score().version());
            p.setString(16, report.score().band().label());
            clear.setString(1, repositoryOf(report));
            clear.setString(2, git.commit());
            clear.setString(3, report.contract().hash());
            try {
                p.executeUpdate();
                clear.executeUpdate(); // the commit built this time
                tx.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                tx.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    @Override
    public Optional<Stored> exact(String repository, String commit, String contractHash) {
        return query("SELECT * FROM reports WHERE repository = ? AND commit_id = ? AND contract_hash = ?", repository, commit, contractHash)
                .stream().findFirst();
    }

    @Override
    public Optional<Stored> byClassHash(String repository, String contractHash, String classHash) {
        if (classHash.isEmpty()) {
            return Optional.empty();
        }
        return query("SELECT * FROM reports WHERE repository = ? AND contract_hash = ? AND class_hash = ? ORDER BY recorded_at DESC LIMIT 1",
                repository, contractHash, classHash).stream().findFirst();
    }

    @Override
    public void recordFailure(BuildFailure f) {
        String sql = "INSERT INTO build_failures (repository, commit_id, contract_hash, commit_time, branch, kind, exit_code, command,"
                + " log_tail, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (repository, commit_id, contract_hash) DO UPDATE SET"
                + " commit_time = excluded.commit_time, branch = excluded.branch, kind = excluded.kind, exit_code = excluded.exit_code,"
                + " command = excluded.command, log_tail = excluded.log_tail, recorded_at = excluded.recorded_at";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            Object[] args = {f.repository(), f.commit(), f.contractHash(), f.commitTime(), f.branch(), f.kind(), f.exitCode(), f.command(),
                    f.logTail(), Instant.now().toString()};
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    @Override
    public Map<String, BuildFailure> failures(String repository, String contractHash) {
        Map<String, BuildFailure> result = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT * FROM build_failures WHERE repository = ? AND contract_hash = ? ORDER BY commit_time")) {
            p.setString(1, repository);
            p.setString(2, contractHash);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString("commit_id"), new BuildFailure(rs.getString("repository"), rs.getString("commit_id"),
                            rs.getString("contract_hash"), rs.getString("commit_time"), rs.getString("branch"), rs.getString("kind"),
                            rs.getInt("exit_code"), rs.getString("command"), rs.getString("log_tail")));
                }
            }
            return result;
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    /** The repository a report belongs to in the store: git's repository id, or the contract's name outside git. */
    public static String repositoryOf(Report report) {
        return report.git().present() ? report.git().repository() : "no-git:" + report.contract().name();
    }

    /** For {@link #list}: the records made outside git, whatever their contract. */
    public static final String OUTSIDE_GIT = "no-git:%";

    @Override
    public Optional<Stored> firstOf(String repository, List<String> commits, String contractHash) {
        for (String commit : commits) {
            Optional<Stored> s = query("SELECT * FROM reports WHERE repository = ? AND commit_id = ?"
                    + " ORDER BY (contract_hash = ?) DESC, recorded_at DESC LIMIT 1", repository, commit, contractHash).stream().findFirst();
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Stored> latestOther(String repository, String commit) {
        return query("SELECT * FROM reports WHERE repository = ? AND commit_id <> ? ORDER BY recorded_at DESC LIMIT 1",
                repository, commit).stream().findFirst();
    }

    @Override
    public List<HistoryEntry> list(String repository, Query q) {
        // outside git every contract records under its own "no-git:<name>": OUTSIDE_GIT lists them all
        StringBuilder sql = new StringBuilder(repository.equals(OUTSIDE_GIT) ? "SELECT * FROM reports WHERE repository LIKE ?"
                : "SELECT * FROM reports WHERE repository = ?");
        List<Object> args = new ArrayList<>(List.of(repository));
        q.branch().ifPresent(b -> {
            sql.append(" AND branch = ?");
            args.add(b);
        });
        q.since().ifPresent(t -> {
            sql.append(" AND commit_time >= ?");
            args.add(t.toString());
        });
        sql.append(" ORDER BY commit_time DESC, recorded_at DESC LIMIT ").append(Math.max(1, q.limit()));
        return query(sql.toString(), args.toArray()).stream().map(Stored::entry).toList();
    }

    @Override
    public Optional<Stored> find(String repository, String commitPrefix) {
        List<Stored> found = query("SELECT * FROM reports WHERE repository = ? AND commit_id LIKE ? ORDER BY recorded_at DESC",
                repository, commitPrefix.replace("%", "").replace("_", "") + "%");
        long commits = found.stream().map(s -> s.entry().commit()).distinct().count();
        if (commits > 1) {
            throw new HistoryException("commit '" + commitPrefix + "' is ambiguous in " + file + ": " + commits + " recorded commits match", null);
        }
        return found.stream().findFirst();
    }

    private List<Stored> query(String sql, Object... args) {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<Stored> result = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    double delta = rs.getDouble("delta");
                    Double d = rs.wasNull() ? null : delta;
                    result.add(new Stored(new HistoryEntry(rs.getString("repository"), rs.getString("commit_id"), rs.getString("branch"),
                            rs.getInt("detached") == 1, rs.getInt("dirty") == 1, rs.getString("commit_time"), rs.getString("recorded_at"),
                            rs.getString("contract_name"), rs.getString("contract_hash"), rs.getDouble("score"), d, rs.getInt("findings"),
                            rs.getInt("score_version") < 2 ? "v1" : rs.getString("band")),
                            rs.getString("report_json")));
                }
            }
            return result;
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing was left open that matters
            }
        }
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
