package dev.archgov.engine.fleet;

import dev.archgov.engine.history.PostgresHistoryStore;
import org.quartz.utils.ConnectionProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Quartz's connections to the shared history database (its JDBC job store lives there): a new connection per request,
 * with the same credentials as the history store. Quartz sets {@code url} from its properties.
 */
public final class FleetConnectionProvider implements ConnectionProvider {
    private String url;

    public void setUrl(String url) {
        this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, PostgresHistoryStore.credentials(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD")));
    }

    @Override
    public void shutdown() {
        // nothing pooled
    }

    @Override
    public void initialize() {
        // connections are made on demand
    }
}
