package dev.archgov.engine.score;

import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Severity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The documented, deterministic health score, version 2: every finding costs points, severity dominates size.
 * <ul>
 *   <li>A finding costs its severity's points (defaults: blocker 25, critical 10, major 2, minor 0.5, info 0).
 *       Major, minor and info points are divided by the size factor {@code 1 + log10(max(classes, 100) / 100)}
 *       (1 up to 100 analysed classes, 2 at 1,000, 3 at 10,000); blocker and critical points never are, so
 *       adding compliant code cannot hide them.</li>
 *   <li>Category score = {@code 100 × e^(−P / 150)} where P is the points of its findings, then × 0.5 when it has a
 *       blocker finding, else × 0.9 when it has a critical one.</li>
 *   <li>Overall = {@code 100 × e^(−Σ categoryWeight × P / 150)}, then × 0.7 with a blocker finding, else × 0.9
 *       with a critical one (in a category of weight above 0): a blocker keeps the score below 70, a critical below
 *       90 (band A).</li>
 *   <li>A rule with nothing in scope and no finding is n/a; so is a category of only such rules, and the overall
 *       score when every category is (shown as n/a, never as a perfect 100).</li>
 * </ul>
 * Adding a finding never raises a score, removing one never lowers it; the order of rules does not matter. Each
 * rule's {@code pointsLost} is its share of {@code 100 − overall}: the exponential part in proportion to its
 * points, the severity cap's part among the rules of the capping severity. Values are rounded to two decimals.
 */
public final class ScoreModel {
    public static final int VERSION = 2;
    static final double SCALE = 150.0;
    static final double BLOCKER_CAP = 0.7;
    static final double CRITICAL_CAP = 0.9;
    static final double CATEGORY_BLOCKER_CAP = 0.5;

    private ScoreModel() {
    }

    /** The size factor that divides major, minor and info points. */
    public static double sizeFactor(int analysedClasses) {
        return 1.0 + Math.log10(Math.max(analysedClasses, 100) / 100.0);
    }

    /** Points one finding of this severity costs in a code base of this size. */
    public static double points(Severity severity, int analysedClasses, Scoring scoring) {
        double base = scoring.weight(severity);
        return severity.atLeast(Severity.CRITICAL) ? base : base / sizeFactor(analysedClasses);
    }

    public static HealthScore compute(Collection<RuleScoreInput> rules, int analysedClasses, Scoring scoring) {
        Map<String, Category> categories = new TreeMap<>();
        double weightedPoints = 0;
        Severity worst = null;
        for (RuleScoreInput r : rules) {
            Category c = categories.computeIfAbsent(r.category(), k -> new Category());
            double p = r.findings() * points(r.severity(), analysedClasses, scoring);
            c.points += p;
            c.applicable |= r.applicable();
            double w = scoring.categoryWeight(r.category());
            if (r.findings() > 0 && scoring.weight(r.severity()) > 0) { // a severity weighted 0 caps nothing
                c.worst = worse(c.worst, r.severity());
                if (w > 0) {
                    worst = worse(worst, r.severity());
                }
            }
            weightedPoints += w * p;
        }
        Map<String, Double> scores = new TreeMap<>();
        TreeSet<String> notApplicable = new TreeSet<>();
        boolean anyApplicable = false;
        for (var e : categories.entrySet()) {
            Category c = e.getValue();
            if (!c.applicable) {
                notApplicable.add(e.getKey());
                continue;
            }
            anyApplicable |= scoring.categoryWeight(e.getKey()) > 0;
            double cap = c.worst == Severity.BLOCKER ? CATEGORY_BLOCKER_CAP : c.worst == Severity.CRITICAL ? CRITICAL_CAP : 1.0;
            scores.put(e.getKey(), round(100.0 * Math.exp(-c.points / SCALE) * cap));
        }
        double raw = 100.0 * Math.exp(-weightedPoints / SCALE);
        double cap = worst == Severity.BLOCKER ? BLOCKER_CAP : worst == Severity.CRITICAL ? CRITICAL_CAP : 1.0;
        double overall = raw * cap;
        List<HealthScore.RuleScore> perRule = new ArrayList<>();
        double capPoints = capPoints(rules, worst, analysedClasses, scoring);
        for (RuleScoreInput r : rules) {
            double p = scoring.categoryWeight(r.category()) * r.findings() * points(r.severity(), analysedClasses, scoring);
            double lost = weightedPoints == 0 ? 0 : (100.0 - raw) * p / weightedPoints;
            if (capPoints > 0 && r.severity() == worst) {
                lost += (raw - overall) * p / capPoints;
            }
            perRule.add(new HealthScore.RuleScore(r.id(), r.category(), r.severity(), round4(r.compliance()), r.checked(),
                    r.violating(), r.findings(), round(lost), r.applicable()));
        }
        if (!anyApplicable) {
            return new HealthScore(VERSION, 100.0, Band.NOT_APPLICABLE, scores, List.copyOf(notApplicable), perRule, scoring);
        }
        double rounded = round(overall);
        return new HealthScore(VERSION, rounded, Band.of(rounded), scores, List.copyOf(notApplicable), perRule, scoring);
    }

    /** The weighted points of the findings whose severity set the cap: its loss is shared among them. */
    private static double capPoints(Collection<RuleScoreInput> rules, Severity worst, int analysedClasses, Scoring scoring) {
        if (worst == null || !worst.atLeast(Severity.CRITICAL)) {
            return 0;
        }
        return rules.stream().filter(r -> r.severity() == worst)
                .mapToDouble(r -> scoring.categoryWeight(r.category()) * r.findings() * points(r.severity(), analysedClasses, scoring)).sum();
    }

    private static Severity worse(Severity a, Severity b) {
        return a == null || b.atLeast(a) ? b : a;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static final class Category {
        double points;
        boolean applicable;
        Severity worst;
    }
}
