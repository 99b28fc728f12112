package dev.archgov.engine.history;

/**
 * One recorded report, as listed by {@code archgov history}.
 *
 * @param commit     commit id; empty for a run outside git
 * @param commitTime ISO-8601 commit time (the record time outside git)
 * @param delta      score change against the previous recorded report, or null when there was none
 */
public record HistoryEntry(String repository, String commit, String branch, boolean detached, boolean dirty, String commitTime,
                           String recordedAt, String contractName, String contractHash, double score, Double delta,
                           int findings) {
}
