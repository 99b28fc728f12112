package dev.archgov.engine.trend;

import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The health of a branch over a series of commits, oldest first: what {@code archgov audit} reports. Built from the
 * recorded report of each commit, or the record that its build failed (a gap in the series, never a zero score).
 *
 * @param schemaVersion version of the JSON format ({@link #SCHEMA_VERSION})
 * @param points      every audited commit, oldest first
 * @param categories  the score categories seen in any report, sorted
 * @param regressions the commits that made things worse (score drop or new findings), largest first
 * @param rules       the rules with findings at the newest analysed commit (or earlier), most findings first
 * @param failures    the commits whose build failed or timed out, oldest first
 */
public record Trend(String schemaVersion, String contract, String repository, String branch, String generatedAt, String tool,
                    List<Point> points, List<String> categories, List<Regression> regressions, List<RuleTrend> rules,
                    List<Failure> failures) {
    /** Version of the JSON trend format, described by {@code archgov/schema/trend-v1.schema.json}. */
    public static final String SCHEMA_VERSION = "1.0";
    /** How many regressions and rules the reports list. */
    public static final int TOP = 10;

    /** One audited commit. {@code status} is {@code analysed}, {@code failed} or {@code timeout}; score etc. are null unless analysed. */
    public record Point(String commit, String shortId, String time, String subject, String status, Double score,
                        Map<String, Double> categories, Integer findings, Integer introduced, Integer fixed) {
        public boolean analysed() {
            return "analysed".equals(status);
        }
    }

    /**
     * A commit where things got worse: the score dropped against the previous analysed commit, or findings appeared
     * (their fingerprints first appear here). When builds failed in between, {@code unbuiltBefore} names those commits:
     * the change may come from any of them.
     */
    public record Regression(String commit, String shortId, String time, String subject, String previousCommit, double scoreBefore,
                             double scoreAfter, double drop, List<NewFinding> introduced, List<String> unbuiltBefore) {
    }

    /** A finding that first appears at a regression's commit. */
    public record NewFinding(String ruleId, String severity, String location, String element, String fingerprint) {
    }

    /**
     * A rule's findings over the audited commits ({@code series}: null where the build failed), now against the first
     * analysed commit, and the most it had. {@code direction} is {@code worse}, {@code better} or {@code steady}.
     */
    public record RuleTrend(String ruleId, String category, String severity, int now, int first, int peak, List<Integer> series,
                            String direction) {
    }

    /** A commit whose build failed or timed out, with the end of its build log. */
    public record Failure(String commit, String shortId, String time, String subject, String kind, int exitCode, String command,
                          String logTail) {
    }

    /** One audited commit as input: its report, or its build failure. */
    public record Input(String commit, String time, String subject, Optional<Report> report, Optional<Failure> failure) {
        public Input {
            if (report.isPresent() == failure.isPresent()) {
                throw new IllegalArgumentException(commit + ": a commit has either a report or a build failure");
            }
        }
    }

    /** The trend of {@code inputs}, given oldest first. */
    public static Trend of(String contract, String repository, String branch, String generatedAt, String tool, List<Input> inputs) {
        List<Point> points = new ArrayList<>();
        List<Regression> regressions = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Set<String> categories = new TreeSet<>();
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        List<Map<String, Integer>> perRule = new ArrayList<>();
        Report previous = null;
        String previousCommit = "";
        List<String> unbuilt = new ArrayList<>();
        for (Input in : inputs) {
            if (in.failure().isPresent()) {
                Failure f = in.failure().get();
                failures.add(f);
                unbuilt.add(f.commit());
                points.add(new Point(in.commit(), shortId(in.commit()), in.time(), in.subject(), f.kind(), null, Map.of(), null, null, null));
                perRule.add(null);
                continue;
            }
            Report r = in.report().get();
            categories.addAll(r.score().categories().keySet());
            Map<String, Integer> counts = new LinkedHashMap<>();
            r.rules().forEach(rule -> {
                counts.put(rule.id(), rule.findings());
                rules.putIfAbsent(rule.id(), new RuleInfo(rule.category(), rule.severity().label()));
            });
            perRule.add(counts);
            Integer introducedCount = null;
            Integer fixedCount = null;
            if (previous != null) {
                Set<String> before = fingerprints(previous);
                Set<String> now = fingerprints(r);
                List<NewFinding> introduced = r.findings().stream().filter(f -> !before.contains(f.fingerprint()))
                        .map(f -> new NewFinding(f.ruleId(), f.severity().label(), f.location(), f.element(), f.fingerprint())).toList();
                introducedCount = introduced.size();
                fixedCount = (int) before.stream().filter(fp -> !now.contains(fp)).count();
                double drop = round(previous.score().overall() - r.score().overall());
                if (drop > 0 || !introduced.isEmpty()) {
                    regressions.add(new Regression(in.commit(), shortId(in.commit()), in.time(), in.subject(), previousCommit,
                            previous.score().overall(), r.score().overall(), drop, introduced, List.copyOf(unbuilt)));
                }
            }
            points.add(new Point(in.commit(), shortId(in.commit()), in.time(), in.subject(), "analysed", r.score().overall(),
                    new TreeMap<>(r.score().categories()), r.findings().size(), introducedCount, fixedCount));
            previous = r;
            previousCommit = in.commit();
            unbuilt.clear();
        }
        regressions.sort(Comparator.comparingDouble(Regression::drop).reversed()
                .thenComparing(Comparator.comparingInt((Regression g) -> g.introduced().size()).reversed())
                .thenComparing(Regression::time));
        return new Trend(SCHEMA_VERSION, contract, repository, branch, generatedAt, tool, points, List.copyOf(categories),
                regressions.subList(0, Math.min(TOP, regressions.size())), ruleTrends(rules, perRule), failures);
    }

    private record RuleInfo(String category, String severity) {
    }

    private static List<RuleTrend> ruleTrends(Map<String, RuleInfo> rules, List<Map<String, Integer>> perRule) {
        List<RuleTrend> result = new ArrayList<>();
        for (var rule : rules.entrySet()) {
            List<Integer> series = new ArrayList<>();
            Integer first = null;
            Integer now = null;
            for (Map<String, Integer> counts : perRule) {
                Integer n = counts == null ? null : counts.getOrDefault(rule.getKey(), 0);
                series.add(n);
                if (n != null) {
                    first = first == null ? n : first;
                    now = n;
                }
            }
            if (now == null || (now == 0 && first == 0 && series.stream().allMatch(n -> n == null || n == 0))) {
                continue; // a rule that never found anything is not news
            }
            String direction = now > first ? "worse" : now < first ? "better" : "steady";
            int peak = series.stream().filter(Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
            result.add(new RuleTrend(rule.getKey(), rule.getValue().category(), rule.getValue().severity(), now, first, peak, series, direction));
        }
        result.sort(Comparator.comparingInt(RuleTrend::now).reversed().thenComparing(Comparator.comparingInt(RuleTrend::peak).reversed())
                .thenComparing(RuleTrend::ruleId));
        return result.subList(0, Math.min(TOP, result.size()));
    }

    private static Set<String> fingerprints(Report r) {
        Set<String> fps = new LinkedHashSet<>();
        r.findings().stream().map(Finding::fingerprint).forEach(fps::add);
        return fps;
    }

    /** One line: the score from the first to the last analysed commit, and how many commits were analysed or failed. */
    public String summary() {
        return TrendText.summary(this);
    }

    /** The analysed points only. */
    public List<Point> analysed() {
        return points.stream().filter(Point::analysed).toList();
    }

    static String shortId(String commit) {
        return commit.substring(0, Math.min(12, commit.length()));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
