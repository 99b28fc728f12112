package dev.archgov.engine.history;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The shared history: one PostgreSQL database for every CI runner and audit worker of an organisation
 * ({@code --history jdbc:postgresql://host/db}, or {@code ARCHGOV_HISTORY_URL}). The schema is Flyway's to migrate
 * (under PostgreSQL's advisory lock, so runners starting together migrate once); each report is one transaction, an
 * upsert on (repository, commit, contract hash), so concurrent writers of the same commit leave exactly one record.
 * Credentials come from the URL ({@code user}, {@code password}), else {@code PGUSER}/{@code PGPASSWORD}, else
 * {@code ~/.pgpass} (read by the driver); they are never printed: messages name the URL without them.
 */
public final class PostgresHistoryStore extends JdbcHistoryStore {
    static final String LOCATIONS = "classpath:archgov/history/postgresql";
    static final String SCHEMA_TABLE = "archgov_schema_history";
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&](password|sslpassword|sslkey)=)[^&]*");
    private static final Pattern USER_INFO = Pattern.compile("^(jdbc:postgresql://)[^/@]*@");

    private PostgresHistoryStore(String where, Connection connection) {
        super(where, connection);
    }

    /** Whether a {@code --history} value names a PostgreSQL database. */
    public static boolean isUrl(String location) {
        return location.startsWith("jdbc:postgresql:");
    }

    /** The URL without credentials, for messages. */
    public static String redact(String url) {
        return USER_INFO.matcher(SECRET_PARAMETER.matcher(url).replaceAll("$1***")).replaceFirst("$1***@");
    }

    /** Connects, brings the schema up to date (Flyway), and returns the store. */
    public static PostgresHistoryStore open(String url) {
        String where = redact(url);
        Properties credentials = credentials(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"));
        try {
            Flyway.configure(PostgresHistoryStore.class.getClassLoader())
                    .dataSource(url, credentials.getProperty("user"), credentials.getProperty("password"))
                    .locations(LOCATIONS).table(SCHEMA_TABLE).baselineOnMigrate(false).load().migrate();
        } catch (FlywayException e) {
            // no cause kept: a driver's or Flyway's message may carry the URL with its password, and --verbose prints causes
            throw new HistoryException(where + ": cannot bring the history schema up to date: " + oneLine(e.getMessage(), url), null);
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection(url, credentials);
            return new PostgresHistoryStore(where, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new HistoryException(where + ": cannot connect to the history database: " + oneLine(e.getMessage(), url), null);
        }
    }

    /** User and password from the environment when the URL gives none (the driver reads ~/.pgpass itself). */
    public static Properties credentials(String url, String envUser, String envPassword) {
        Properties p = new Properties();
        boolean urlUser = url.contains("user=") || USER_INFO.matcher(url).find();
        boolean urlPassword = url.contains("password=");
        Optional.ofNullable(envUser).filter(u -> !urlUser && !u.isBlank()).ifPresent(u -> p.setProperty("user", u));
        Optional.ofNullable(envPassword).filter(pw -> !urlPassword && !pw.isEmpty()).ifPresent(pw -> p.setProperty("password", pw));
        return p;
    }

    private static String oneLine(String message, String url) {
        // Flyway appends a ruled block (SQL state, error code, the message again): the first sentence says it
        String m = String.valueOf(message).replace(url, redact(url)).replaceAll("(?s)\\s*-{10,}.*", "").replaceAll("\\s+", " ").trim();
        return SECRET_PARAMETER.matcher(m).replaceAll("$1***");
    }

    @Override
    void inWriteTransaction(Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    HistoryException failure(Exception e) {
        return new HistoryException(where + ": history database error: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim(), e);
    }
}
