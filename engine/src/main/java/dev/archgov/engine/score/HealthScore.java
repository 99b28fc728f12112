package dev.archgov.engine.score;

import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Severity;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The health score of one run (see {@link ScoreModel}): overall and per category on 0–100 with their bands, and
 * what each rule cost.
 *
 * @param version       the formula ({@link ScoreModel#VERSION}); reports of older versions are re-scored when read
 * @param overall       the overall score (100 when nothing is applicable; then {@code band} is n/a)
 * @param band          the overall band
 * @param categories    applicable category name to score, sorted by name
 * @param notApplicable categories whose rules all had nothing in scope, sorted
 * @param rules         each rule's result, in contract order
 * @param weights       the weights it was computed with (the contract's {@code scoring:})
 */
public record HealthScore(int version, double overall, Band band, Map<String, Double> categories, List<String> notApplicable,
                          List<RuleScore> rules, Scoring weights) {

    /** A score with only the figures a history listing keeps (tests, trend points). */
    public HealthScore(double overall, Map<String, Double> categories, List<RuleScore> rules) {
        this(ScoreModel.VERSION, overall, Band.of(overall), categories, List.of(), rules, Scoring.defaults());
    }

    public boolean applicable() {
        return band != Band.NOT_APPLICABLE;
    }

    /** The rules that checked nothing: nothing in their scope and no finding (a typo in a selector looks like this). */
    public List<String> checkedNothing() {
        return rules.stream().filter(r -> !r.applicable()).map(RuleScore::id).toList();
    }

    /** The rules that cost points, most first (ties by id). */
    public List<RuleScore> contributions() {
        return rules.stream().filter(r -> r.pointsLost() > 0)
                .sorted(Comparator.comparingDouble(RuleScore::pointsLost).reversed().thenComparing(RuleScore::id)).toList();
    }

    /**
     * One rule's part of the score.
     *
     * @param compliance share of the checked classes without a finding (shown, not scored)
     * @param findings   unsuppressed findings
     * @param pointsLost the part of {@code 100 − overall} this rule's findings account for
     * @param applicable something was in scope or found
     */
    public record RuleScore(String id, String category, Severity severity, double compliance, int checked, int violating,
                            int findings, double pointsLost, boolean applicable) {
    }
}
