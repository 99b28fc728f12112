package dev.archgov.engine.report;

import java.util.Map;

/**
 * The change against an earlier recorded report.
 *
 * @param againstCommit   the earlier report's commit
 * @param previousScore   its overall score
 * @param overall         this score minus that one
 * @param categories      per category: this minus that (categories present in both)
 * @param contractChanged the contract (hash) differs, so part of the change may be the contract's
 */
public record Delta(String againstCommit, double previousScore, double overall, Map<String, Double> categories,
                    boolean contractChanged) {
}
