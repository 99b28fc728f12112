package dev.archgov.engine.report;

import dev.archgov.engine.contract.LinkTemplates;
import dev.archgov.engine.contract.PrintableText;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.score.HealthScore;
import dev.archgov.engine.score.RuleScoreInput;
import dev.archgov.engine.score.ScoreChange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The finished result of one run. Writers format it; they never compute anything.
 *
 * @param schemaVersion version of the JSON report format ({@link #SCHEMA_VERSION})
 * @param tool          archgov version
 * @param contract      contract name, file and hash
 * @param git           the commit analysed
 * @param target        what was analysed
 * @param failOn        the least severity that fails the run
 * @param passed        no finding at or above {@code failOn}
 * @param score         the health score
 * @param delta         the change against the previous recorded report, when there is one
 * @param rules         every evaluated rule, in contract order
 * @param findings      unsuppressed findings, ordered by rule order, path, line
 * @param suppressed    findings accepted by suppressions
 * @param notices       expired and unused suppressions
 * @param baselined     findings known to the baseline given ({@code check --baseline}); they do not fail the run
 * @param staleBaseline baseline entries that no longer occur (prune them)
 * @param timings       where the time went
 */
public record Report(String schemaVersion, String tool, ContractInfo contract, GitInfo git, TargetInfo target,
                     Severity failOn, boolean passed, HealthScore score, Optional<Delta> delta, List<RuleResult> rules,
                     List<Finding> findings, List<SuppressedFinding> suppressed, List<SuppressionNotice> notices,
                     List<Finding> baselined, List<BaselineEntry> staleBaseline, Timings timings) {

    public static final String SCHEMA_VERSION = "1.4";

    public Report withGit(GitInfo newGit) {
        return toBuilder().git(newGit).build();
    }

    public Report withDelta(Optional<Delta> newDelta) {
        return toBuilder().delta(newDelta).build();
    }

    /**
     * The report against a baseline: findings whose fingerprint the baseline knows move to {@code baselined} and no
     * longer fail the run; baseline entries that no longer occur are {@code staleBaseline}. The score is unchanged:
     * it measures the code, the baseline only decides what fails.
     */
    public Report withBaseline(Collection<BaselineEntry> entries) {
        Set<String> known = new HashSet<>();
        entries.forEach(e -> known.add(e.fingerprint()));
        List<Finding> fresh = findings.stream().filter(f -> !known.contains(f.fingerprint())).toList();
        List<Finding> old = findings.stream().filter(f -> known.contains(f.fingerprint())).toList();
        Set<String> present = new HashSet<>();
        findings.forEach(f -> present.add(f.fingerprint()));
        suppressed.forEach(s -> present.add(s.finding().fingerprint()));
        List<BaselineEntry> stale = entries.stream().filter(e -> !present.contains(e.fingerprint())).toList();
        boolean pass = fresh.stream().noneMatch(f -> f.severity().atLeast(failOn));
        return toBuilder().passed(pass).findings(fresh).baselined(old).staleBaseline(stale).build();
    }

    /** A builder holding this report's components, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some components of a report: {@code report.toBuilder().git(other).build()}. */
    public static final class Builder {
        private final Report from;
        private GitInfo git;
        private boolean passed;
        private Optional<Delta> delta;
        private List<Finding> findings;
        private List<Finding> baselined;
        private List<BaselineEntry> staleBaseline;

        private Builder(Report from) {
            this.from = from;
            this.git = from.git;
            this.passed = from.passed;
            this.delta = from.delta;
            this.findings = from.findings;
            this.baselined = from.baselined;
            this.staleBaseline = from.staleBaseline;
        }

        public Builder git(GitInfo value) {
            this.git = value;
            return this;
        }

        public Builder passed(boolean value) {
            this.passed = value;
            return this;
        }


        public Builder delta(Optional<Delta> value) {
            this.delta = value;
            return this;
        }

        public Builder findings(List<Finding> value) {
            this.findings = value;
            return this;
        }

        public Builder baselined(List<Finding> value) {
            this.baselined = value;
            return this;
        }

        public Builder staleBaseline(List<BaselineEntry> value) {
            this.staleBaseline = value;
            return this;
        }

        public Report build() {
            return new Report(from.schemaVersion, from.tool, from.contract, git, from.target, from.failOn, passed, from.score, delta,
                    from.rules, findings, from.suppressed, from.notices, baselined, staleBaseline, from.timings);
        }
    }

    /** @param links the contract's URL templates of the repository's web view ({@link LinkTemplates#NONE}: from the remote) */
    public record ContractInfo(String name, String file, String hash, LinkTemplates links) {
        /** The name is the contract's text and the file anybody's path: printable. */
        public ContractInfo {
            name = PrintableText.of(name);
            file = PrintableText.of(file);
            links = links == null ? LinkTemplates.NONE : links;
        }

        public ContractInfo(String name, String file, String hash) {
            this(name, file, hash, LinkTemplates.NONE);
        }
    }

    /**
     * @param unreadable class files left out because they cannot be read ({@code analyze.onUnreadable: warn}), each
     *                   with why: the run is incomplete
     * @param duplicates classes whose name two analysed inputs both hold (modules with copied classes): one copy per
     *                   name is analysed, the other is left out and named here; the run is incomplete
     */
    public record TargetInfo(int classes, int packages, List<String> unreadable, List<String> duplicates) {
        public TargetInfo {
            unreadable = unreadable.stream().map(PrintableText::of).toList();
            duplicates = duplicates == null ? List.of() : duplicates.stream().map(PrintableText::of).toList();
        }

        public TargetInfo(int classes, int packages) {
            this(classes, packages, List.of(), List.of());
        }

        public boolean incomplete() {
            return !unreadable.isEmpty() || !duplicates.isEmpty();
        }

        /** Every class file left out and why: unreadable ones, then second copies of a class name. */
        public List<String> leftOut() {
            List<String> all = new ArrayList<>();
            unreadable.forEach(u -> all.add("unreadable: " + u));
            duplicates.forEach(d -> all.add("second copy: " + d));
            return all;
        }
    }

    /**
     * @param cache the result cache: {@code off}, {@code miss} (analysed and stored) or {@code hit} (reused)
     * @param mode  how the result was computed: {@code cache-hit}, {@code incremental(N classes)} (N re-checked, the rest
     *              reused) or {@code full}, with why in parentheses when an incremental run was not possible
     */
    public record Timings(long loadMillis, long importMillis, long evaluateMillis, long totalMillis, String cache, String mode) {
        public Timings(long loadMillis, long importMillis, long evaluateMillis, long totalMillis, String cache) {
            this(loadMillis, importMillis, evaluateMillis, totalMillis, cache, "hit".equals(cache) ? "cache-hit" : "full");
        }

        public Timings(long loadMillis, long importMillis, long evaluateMillis, long totalMillis) {
            this(loadMillis, importMillis, evaluateMillis, totalMillis, "off");
        }
    }

    /** What {@link ScoreChange} needs of this report: rules, the fingerprints of unsuppressed findings, size, score. */
    public ScoreChange.Side scoreSide() {
        Map<String, List<String>> fingerprints = new HashMap<>();
        Stream.concat(findings.stream(), baselined.stream())
                .forEach(f -> fingerprints.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f.fingerprint()));
        List<RuleScoreInput> inputs = rules.stream().map(r -> new RuleScoreInput(r.id(), r.category(), r.severity(), r.checked(),
                r.violating(), r.findings())).toList();
        return new ScoreChange.Side(inputs, fingerprints, target.classes(), score.overall());
    }

    public long failing() {
        return findings.stream().filter(f -> f.severity().atLeast(failOn)).count();
    }

    /**
     * The one verdict every format shows: the finding fails the run when it is reported (not suppressed, not in the
     * baseline) and at or above {@code failOn}. The exit code, JUnit failures, SARIF {@code error} results and GitHub
     * {@code ::error} annotations are exactly these findings.
     */
    public boolean fails(Finding f) {
        return f.severity().atLeast(failOn) && findings.contains(f); // for many findings: report.format.Levels.verdict, hashed once
    }
}
