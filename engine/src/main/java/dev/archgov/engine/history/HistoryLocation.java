package dev.archgov.engine.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the history is kept: the embedded SQLite file ({@code .archgov/history.db} by default) or a shared
 * PostgreSQL database ({@code jdbc:postgresql://host/db}). Every command that records or reads the history opens it
 * through here, so both behave the same.
 */
public final class HistoryLocation {
    /** The environment variable naming the shared store when {@code --history} is not given. */
    public static final String ENV = "ARCHGOV_HISTORY_URL";

    private final Optional<Path> file;
    private final Optional<String> url;

    private HistoryLocation(Optional<Path> file, Optional<String> url) {
        this.file = file;
        this.url = url;
    }

    public static HistoryLocation file(Path file) {
        return new HistoryLocation(Optional.of(file), Optional.empty());
    }

    /** A {@code --history} value: a {@code jdbc:postgresql:} URL, else a file path. */
    public static HistoryLocation of(String value) {
        return PostgresHistoryStore.isUrl(value) ? new HistoryLocation(Optional.empty(), Optional.of(value)) : file(Path.of(value));
    }

    /** {@code --history} when given, else {@value #ENV} when set, else nothing (the default file). */
    public static Optional<HistoryLocation> chosen(Optional<String> option, Optional<String> environment) {
        return option.or(() -> environment.filter(v -> !v.isBlank())).map(HistoryLocation::of);
    }

    /** The file of an embedded store (empty for a database). */
    public Optional<Path> path() {
        return file;
    }

    /** The database URL of a shared store (with its credentials: never print it; {@link #toString()} is for messages). */
    public Optional<String> url() {
        return url;
    }

    public boolean isDatabase() {
        return url.isPresent();
    }

    /** Whether anything was recorded there yet (a database is always there: its schema is created on first use). */
    public boolean exists() {
        return url.isPresent() || Files.exists(file.orElseThrow());
    }

    /** Opens the store to record (creating and migrating it). */
    public HistoryStore open() {
        return url.<HistoryStore>map(PostgresHistoryStore::open).orElseGet(() -> SqliteHistoryStore.open(file.orElseThrow()));
    }

    /** Opens the store to read (a read-only file is read without being touched). */
    public HistoryStore openForReading() {
        return url.<HistoryStore>map(PostgresHistoryStore::open).orElseGet(() -> SqliteHistoryStore.openForReading(file.orElseThrow()));
    }

    /**
     * Copies every record of the store at {@code from} into this one (created and migrated if need be), keeping record
     * times, deltas and scores; records this store already has are left as they are, so a second copy copies nothing.
     */
    public JdbcHistoryStore.CopyResult copyFrom(HistoryLocation from) {
        if (!from.exists()) {
            throw new HistoryException(from + ": no history recorded there", null);
        }
        try (HistoryStore source = from.openForReading(); HistoryStore target = open()) {
            return ((JdbcHistoryStore) source).copyTo((JdbcHistoryStore) target);
        }
    }

    /** The file, or the URL without its credentials. */
    @Override
    public String toString() {
        return url.map(PostgresHistoryStore::redact).orElseGet(() -> file.orElseThrow().toString());
    }
}
