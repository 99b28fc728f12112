package dev.archgov.engine.history;

import dev.archgov.engine.report.Report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where reports are kept, keyed by (repository, commit, contract hash): recording the same key again replaces the
 * earlier report. One interface, so that a shared database can follow the embedded SQLite file with the same schema.
 */
public interface HistoryStore extends AutoCloseable {

    /** Stores the report (atomically), replacing any earlier one with the same key. */
    void record(Report report, String reportJson);

    /** The reports of these commits in the given order of preference, first found first; the contract hash wins ties. */
    Optional<Stored> firstOf(String repository, List<String> commits, String contractHash);

    /** The most recent report of the repository by record time, other than the given commit. */
    Optional<Stored> latestOther(String repository, String commit);

    /** Recorded reports, newest commit first. */
    List<HistoryEntry> list(String repository, Query query);

    /** A report by commit id or unique prefix (newest record if the prefix is empty). */
    Optional<Stored> find(String repository, String commitPrefix);

    @Override
    void close();

    /** A stored report: its listing entry and its JSON. */
    record Stored(HistoryEntry entry, String json) {
    }

    /** Filters for listing: a branch, a time from which on, at most this many. */
    record Query(Optional<String> branch, Optional<Instant> since, int limit) {
    }
}
