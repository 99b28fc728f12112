package dev.archgov.engine.history;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded history: one SQLite file ({@code .archgov/history.db} by default), no set-up. Writes are single
 * transactions (WAL journal, full sync), so two processes can record at once and a crash never leaves half a
 * report; a busy database is waited for, then refused with a clear error. The schema is Flyway's to migrate
 * forward on open ({@code archgov/history/sqlite}), as the PostgreSQL store's is.
 */
public final class SqliteHistoryStore extends JdbcHistoryStore {
    static final String LOCATIONS = "classpath:archgov/history/sqlite";
    /** The schema this archgov writes: the last SQL migration's or Java migration's version. */
    static final int SCHEMA = SqliteScoreV2Migration.VERSION;
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
            }
            SqliteHistoryStore store = new SqliteHistoryStore(file, c);
            store.refuseOtherDatabases(); // before anything is changed, the journal mode included
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
            }
            store.migrate(busyTimeoutMillis);
            return store;
        } catch (SQLException | IOException e) {
            closeQuietly(c);
            throw failure(file, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
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
            store.refuseOtherDatabases();
            if (store.schemaVersion() < SCHEMA) {
                throw new HistoryException(file + ": the history store is read-only and older than this archgov's (schema "
                        + store.schemaVersion() + ", now " + SCHEMA + "); record once where it can be written to migrate it", null);
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

    /**
     * Brings the schema up to date with Flyway when it is behind (a new file, or one made by an older archgov); a
     * current store is opened without starting Flyway. Flyway takes no lock on SQLite, so a migration runs under a
     * lock file beside the store ({@code history.db-migrate.lock}), and within this JVM one at a time: processes that
     * open a new store together migrate it once. A store from before Flyway is baselined at the version its
     * {@code schema_version} table names, and that table is kept in step, so an older archgov refuses a newer store.
     */
    private void migrate(int busyTimeoutMillis) throws SQLException {
        int version = schemaVersion();
        if (version > SCHEMA) {
            throw newerThanThis(version);
        }
        if (version == SCHEMA && hasFlywayTable()) {
            return;
        }
        synchronized (SqliteHistoryStore.class) {
            try (FileChannel lock = FileChannel.open(lockFile(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = acquire(lock, migrationWaitMillis(busyTimeoutMillis))) {
                migrateLocked(busyTimeoutMillis);
            } catch (IOException e) {
                throw new HistoryException(file + ": cannot take the migration lock " + lockFile(file).getFileName() + ": " + e.getMessage(), e);
            }
        }
    }

    private void migrateLocked(int busyTimeoutMillis) throws SQLException {
        boolean flyway = hasFlywayTable();
        int legacy = flyway ? 0 : legacyVersion();
        if (legacy > SCHEMA) {
            throw newerThanThis(legacy);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        FluentConfiguration flywayConfig = Flyway.configure(SqliteHistoryStore.class.getClassLoader()).dataSource(source)
                .locations(LOCATIONS).javaMigrations(new SqliteScoreV2Migration()).table(PostgresHistoryStore.SCHEMA_TABLE);
        if (!flyway && legacy > 0) {
            flywayConfig.baselineOnMigrate(true).baselineVersion(String.valueOf(legacy))
                    .baselineDescription("archgov schema " + legacy + " (before Flyway)");
        }
        try {
            flywayConfig.load().migrate();
        } catch (FlywayException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            String message = String.valueOf(e.getMessage());
            throw new HistoryException(file + ": cannot bring the history schema up to date: "
                    + message.replaceAll("(?s)\\s*-{10,}.*", "").replaceAll("\\s+", " ").trim(), null);
        }
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO schema_version (version) SELECT ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM schema_version WHERE version >= ?)")) {
            p.setInt(1, SCHEMA);
            p.setInt(2, SCHEMA);
            p.executeUpdate();
        }
    }

    /**
     * A SQLite database with tables of its own and no archgov schema (neither Flyway's history table nor the reports and
     * schema version of an archgov from before Flyway) is somebody else's: refused, untouched.
     */
    private void refuseOtherDatabases() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            if (rs.next() && rs.getInt(1) > 0 && !hasFlywayTable() && !(hasTable("schema_version") && hasTable("reports"))) {
                throw new HistoryException(file + ": not an archgov history store (it holds other tables and no archgov schema); "
                        + "it was left untouched", null);
            }
        }
    }

    /**
     * How long to wait for another process's migration: a migration re-scoring a long history takes longer than one
     * write, so at least two minutes (or the busy timeout when it is longer; a test gives a short one and means it).
     */
    static int migrationWaitMillis(int busyTimeoutMillis) {
        return busyTimeoutMillis < DEFAULT_BUSY_TIMEOUT_MILLIS ? busyTimeoutMillis : Math.max(busyTimeoutMillis, 120_000);
    }

    /** The lock file a migration of {@code file} runs under (kept: removing it would let two migrations run at once). */
    static Path lockFile(Path file) {
        return file.toAbsolutePath().resolveSibling(file.getFileName() + "-migrate.lock");
    }

    private FileLock acquire(FileChannel channel, int busyTimeoutMillis) throws IOException {
        long deadline = System.nanoTime() + busyTimeoutMillis * 1_000_000L;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new HistoryException(file + ": the history store is being migrated by another process; try again when it is done", null);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HistoryException(file + ": interrupted while waiting for another process's migration", null);
            }
        }
    }

    private HistoryException newerThanThis(int version) {
        return new HistoryException(file + ": history schema version " + version + " is newer than this archgov understands ("
                + SCHEMA + "); upgrade archgov", null);
    }

    private boolean hasFlywayTable() throws SQLException {
        return hasTable(PostgresHistoryStore.SCHEMA_TABLE);
    }

    private boolean hasTable(String name) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The version a store from before Flyway recorded in its own table (0 when there is none). */
    private int legacyVersion() throws SQLException {
        if (!hasTable("schema_version")) {
            return 0;
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The schema version of the open store: Flyway's last successful migration, else the version a pre-Flyway store names. */
    public int schemaVersion() {
        try {
            if (!hasFlywayTable()) {
                return legacyVersion();
            }
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(CAST(version AS INTEGER)), 0)"
                    + " FROM " + PostgresHistoryStore.SCHEMA_TABLE + " WHERE success = 1 AND version IS NOT NULL")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
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
