package dev.archgov.engine.report.format;

import dev.archgov.engine.report.Delta;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.score.HealthScore;
import dev.archgov.engine.score.ScoreChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The score as every text format says it: the number and band, the change and its cause, the top contributions. */
public final class ScoreText {
    private ScoreText() {
    }

    /** {@code 84.2 (B)}, or {@code n/a (nothing in scope)}. */
    public static String headline(HealthScore score) {
        return score.applicable() ? String.format(Locale.ROOT, "%.1f (%s)", score.overall(), score.band().label())
                : "n/a (nothing in scope)";
    }

    /** {@code  — incomplete: 2 unreadable class files left out}, or empty for a complete run. */
    public static String incomplete(Report report) {
        int n = report.target().unreadable().size();
        int d = report.target().duplicates().size();
        List<String> parts = new ArrayList<>();
        if (n > 0) {
            parts.add(n + " unreadable class file" + (n == 1 ? "" : "s"));
        }
        if (d > 0) {
            parts.add(d + " second cop" + (d == 1 ? "y" : "ies") + " of a class name");
        }
        return parts.isEmpty() ? "" : " — incomplete: " + String.join(", ", parts) + " left out";
    }

    /** {@code 3 new −6.0, 1 fixed +0.9, contract changed +0.4}: the parts of a change that are not zero. */
    public static String cause(ScoreChange.Cause c) {
        List<String> parts = new ArrayList<>();
        if (c.newCount() > 0 || c.newFindings() != 0) {
            parts.add(String.format(Locale.ROOT, "%d new %+.1f", c.newCount(), c.newFindings()));
        }
        if (c.fixedCount() > 0 || c.fixedFindings() != 0) {
            parts.add(String.format(Locale.ROOT, "%d fixed %+.1f", c.fixedCount(), c.fixedFindings()));
        }
        if (Math.abs(c.contract()) >= 0.05) {
            parts.add(String.format(Locale.ROOT, "contract changed %+.1f", c.contract()));
        }
        if (Math.abs(c.codeSize()) >= 0.05) {
            parts.add(String.format(Locale.ROOT, "code size %+.1f", c.codeSize()));
        }
        return parts.isEmpty() ? "no change in findings" : String.join(", ", parts);
    }

    /** {@code +2.1 since 1a2b3c4d5e6f: 1 fixed +2.1}. */
    public static String change(Delta d) {
        return String.format(Locale.ROOT, "%+.1f since %s", d.overall(), shortId(d.againstCommit()))
                + d.cause().map(c -> ": " + cause(c)).orElse("");
    }

    /** {@code checked nothing (no class in their scope): LOCK-01, CACHE-02}. */
    public static String checkedNothing(HealthScore score) {
        List<String> ids = score.checkedNothing();
        return "checked nothing (no class in " + (ids.size() == 1 ? "its" : "their") + " scope; n/a): " + String.join(", ", ids);
    }

    /**
     * {@code matches nothing: CACHE-01 cacheReads: com.acme.Cach.get*; …}: the rules' code-glob parameters that match no
     * analysed type or method, and the selectors the contract wrote that match no class (empty when every one matches).
     */
    public static String matchesNothing(List<RuleResult> rules) {
        List<String> parts = new ArrayList<>();
        for (RuleResult r : rules) {
            r.unmatched().forEach(u -> parts.add(r.id() + " " + u));
        }
        return parts.isEmpty() ? "" : "matches nothing in the analysed code (a typo checks nothing): " + String.join("; ", parts);
    }

    /** {@code LOCK-02 critical ×3 −22.4, CACHE-01 major ×5 −3.1}: the rules that cost most, at most {@code limit}. */
    public static String contributions(HealthScore score, int limit) {
        List<HealthScore.RuleScore> top = score.contributions();
        String shown = top.stream().limit(limit).map(r -> String.format(Locale.ROOT, "%s %s ×%d -%.1f", r.id(), r.severity().label(),
                r.findings(), r.pointsLost())).collect(Collectors.joining(", "));
        return top.size() > limit ? shown + ", …" : shown;
    }

    static String shortId(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit.isEmpty() ? "the previous run" : commit;
    }
}
