package dev.archgov.engine.history;

import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.io.JsonReportReader;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where reports are kept, keyed by (repository, commit, contract hash): recording the same key again replaces the
 * earlier report. One interface, so that a shared database can follow the embedded SQLite file with the same schema.
 */
public interface HistoryStore extends AutoCloseable {

    /** Stores the report (atomically), replacing any earlier one with the same key. */
    default void record(Report report, String reportJson) {
        record(report, reportJson, "");
    }

    /**
     * Stores the report with the content hash of the class set it was computed from (empty when unknown), replacing
     * any earlier report or build failure with the same key.
     */
    void record(Report report, String reportJson, String classHash);

    /** The report of exactly this commit and contract hash. */
    Optional<Stored> exact(String repository, String commit, String contractHash);

    /** A report computed from the same class set (content hash) under the same contract hash, if any. */
    Optional<Stored> byClassHash(String repository, String contractHash, String classHash);

    /** Records that the commit could not be built or analysed, replacing an earlier failure with the same key. */
    void recordFailure(BuildFailure failure);

    /** The build failures recorded for the repository under this contract hash, by commit id. */
    Map<String, BuildFailure> failures(String repository, String contractHash);

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
        /** The report, parsed; a damaged one is a {@link HistoryException} naming its commit. */
        public Report report() {
            try {
                return JsonReportReader.read(json);
            } catch (IOException e) {
                throw new HistoryException("the recorded report of " + entry.commit() + " cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A commit whose build failed: data for the trend, not a crash.
     *
     * @param kind     {@code failed} (non-zero exit), {@code timeout}, {@code no-classes} (built, but the classes to
     *                 analyse are not there) or {@code export-failed} (the tree could not be written out)
     * @param exitCode the build's exit code; -1 for a timeout, 0 otherwise
     * @param logTail  the last lines of the build's output
     */
    record BuildFailure(String repository, String commit, String contractHash, String commitTime, String branch, String kind,
                        int exitCode, String command, String logTail) {
    }

    /** Filters for listing: a branch, a time from which on, at most this many. */
    record Query(Optional<String> branch, Optional<Instant> since, int limit) {
    }
}
