package dev.archgov.engine.history;

/**
 * One recorded report, as listed by {@code archgov history}.
 *
 * @param commit     commit id; empty for a run outside git
 * @param commitTime ISO-8601 commit time (the record time outside git)
 * @param delta      score change against the previous recorded report, or null when there was none
 * @param band       the score's band (A–E, or n/a when nothing was in scope)
 */
public record HistoryEntry(String repository, String commit, String branch, boolean detached, boolean dirty, String commitTime,
                           String recordedAt, String contractName, String contractHash, double score, Double delta,
                           int findings, String band) {
}
