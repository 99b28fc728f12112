package dev.archgov.engine.trend;

import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.format.RepositoryLinks;
import dev.archgov.engine.workspace.BuildLogs;

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
    /** Version of the JSON trend format, described by {@code archgov/schema/trend-v1.schema.json} (1.1: authors, links, drill-downs). */
    public static final String SCHEMA_VERSION = "1.1";
    /** How many findings a commit's or a rule's drill-down lists. */
    public static final int DRILL_DOWN = 50;
    /** How many regressions and rules the reports list. */
    public static final int TOP = 10;

    /**
     * One audited commit. {@code status} is {@code analysed}, {@code failed} or {@code timeout}; score etc. are null unless
     * analysed. {@code url} is the commit's page (null when the repository's web view is unknown); {@code newFindings} and
     * {@code fixedFindings} name the findings that appear and disappear here against the previous analysed commit (at most
     * {@value #DRILL_DOWN} each; the counts are {@code introduced} and {@code fixed}).
     */
    public record Point(String commit, String shortId, String time, String subject, String author, String url, String status, Double score,
                        Map<String, Double> categories, Integer findings, Integer introduced, Integer fixed, List<NewFinding> newFindings,
                        List<NewFinding> fixedFindings) {
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

    /** A finding (one that appears, or disappears, at a commit); {@code url} its file at that commit, null when unknown. */
    public record NewFinding(String ruleId, String severity, String location, String element, String fingerprint, String url) {
    }

    /**
     * A rule's findings over the audited commits ({@code series}: null where the build failed), now against the first
     * analysed commit, and the most it had. {@code direction} is {@code worse}, {@code better} or {@code steady}.
     */
    public record RuleTrend(String ruleId, String category, String severity, int now, int first, int peak, List<Integer> series,
                            String direction, String docs, List<NewFinding> findings) {
    }

    /**
     * A commit whose build failed or timed out, with the end of its build log and its {@code cause}: the log's first
     * error lines, terminal colours removed ({@link BuildLogs#cause}).
     */
    public record Failure(String commit, String shortId, String time, String subject, String kind, int exitCode, String command,
                          String logTail, String cause) {
        public Failure(String commit, String shortId, String time, String subject, String kind, int exitCode, String command, String logTail) {
            this(commit, shortId, time, subject, kind, exitCode, command, logTail, BuildLogs.cause(logTail));
        }
    }

    /** One audited commit as input: its report, or its build failure. */
    public record Input(String commit, String time, String subject, String author, Optional<Report> report, Optional<Failure> failure) {
        public Input {
            if (report.isPresent() == failure.isPresent()) {
                throw new IllegalArgumentException(commit + ": a commit has either a report or a build failure");
            }
        }

        public Input(String commit, String time, String subject, Optional<Report> report, Optional<Failure> failure) {
            this(commit, time, subject, "", report, failure);
        }
    }

    /** The trend of {@code inputs}, given oldest first, without links to the repository's web view. */
    public static Trend of(String contract, String repository, String branch, String generatedAt, String tool, List<Input> inputs) {
        return of(contract, repository, branch, generatedAt, tool, inputs, Optional.empty());
    }

    /** The trend of {@code inputs}, given oldest first; commits and files link to the web view {@code links} gives. */
    public static Trend of(String contract, String repository, String branch, String generatedAt, String tool, List<Input> inputs,
                           Optional<RepositoryLinks> links) {
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
                points.add(new Point(in.commit(), shortId(in.commit()), in.time(), in.subject(), in.author(), commitUrl(links, in.commit()), f.kind(),
                        null, Map.of(), null, null, null, List.of(), List.of()));
                perRule.add(null);
                continue;
            }
            Report r = in.report().get();
            categories.addAll(r.score().categories().keySet());
            Map<String, Integer> counts = new LinkedHashMap<>();
            r.rules().forEach(rule -> {
                counts.put(rule.id(), rule.findings());
                rules.put(rule.id(), new RuleInfo(rule.category(), rule.severity().label(), rule.docs()));
            });
            perRule.add(counts);
            Integer introducedCount = null;
            Integer fixedCount = null;
            List<NewFinding> introduced = List.of();
            List<NewFinding> fixed = List.of();
            if (previous != null) {
                Set<String> before = fingerprints(previous);
                Set<String> now = fingerprints(r);
                introduced = r.findings().stream().filter(f -> !before.contains(f.fingerprint())).map(f -> finding(f, links, in.commit())).toList();
                String previousId = previousCommit;
                fixed = previous.findings().stream().filter(f -> !now.contains(f.fingerprint())).map(f -> finding(f, links, previousId)).toList();
                introducedCount = introduced.size();
                fixedCount = (int) before.stream().filter(fp -> !now.contains(fp)).count(); // the fingerprints gone (the list holds at most DRILL_DOWN)
                double drop = round(previous.score().overall() - r.score().overall());
                if (drop > 0 || !introduced.isEmpty()) {
                    regressions.add(new Regression(in.commit(), shortId(in.commit()), in.time(), in.subject(), previousCommit,
                            previous.score().overall(), r.score().overall(), drop, introduced, List.copyOf(unbuilt)));
                }
            }
            points.add(new Point(in.commit(), shortId(in.commit()), in.time(), in.subject(), in.author(), commitUrl(links, in.commit()), "analysed",
                    r.score().overall(), new TreeMap<>(r.score().categories()), r.findings().size(), introducedCount, fixedCount,
                    introduced.subList(0, Math.min(DRILL_DOWN, introduced.size())), fixed.subList(0, Math.min(DRILL_DOWN, fixed.size()))));
            previous = r;
            previousCommit = in.commit();
            unbuilt.clear();
        }
        regressions.sort(Comparator.comparingDouble(Regression::drop).reversed()
                .thenComparing(Comparator.comparingInt((Regression g) -> g.introduced().size()).reversed())
                .thenComparing(Regression::time));
        return new Trend(SCHEMA_VERSION, contract, repository, branch, generatedAt, tool, points, List.copyOf(categories),
                regressions.subList(0, Math.min(TOP, regressions.size())), ruleTrends(rules, perRule, newestByRule(previous, previousCommit, links)), failures);
    }

    private record RuleInfo(String category, String severity, String docs) {
    }

    /** The newest analysed commit's findings rule by rule (at most {@value #DRILL_DOWN} each), for the rules' drill-down. */
    private static Map<String, List<NewFinding>> newestByRule(Report newest, String commit, Optional<RepositoryLinks> links) {
        Map<String, List<NewFinding>> byRule = new LinkedHashMap<>();
        if (newest != null) {
            for (Finding f : newest.findings()) {
                List<NewFinding> list = byRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>());
                if (list.size() < DRILL_DOWN) {
                    list.add(finding(f, links, commit));
                }
            }
        }
        return byRule;
    }

    /** A finding as the trend names it, linked to its file at {@code commit} (a fixed one: the commit that still had it). */
    private static NewFinding finding(Finding f, Optional<RepositoryLinks> links, String commit) {
        String url = f.path() == null || f.path().isEmpty() ? null : links.flatMap(l -> l.file(commit, f.path(), f.line())).orElse(null);
        return new NewFinding(f.ruleId(), f.severity().label(), f.location(), f.element(), f.fingerprint(), url);
    }

    private static String commitUrl(Optional<RepositoryLinks> links, String commit) {
        return links.flatMap(l -> l.commit(commit)).orElse(null);
    }

    private static List<RuleTrend> ruleTrends(Map<String, RuleInfo> rules, List<Map<String, Integer>> perRule,
                                              Map<String, List<NewFinding>> newest) {
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
            RuleInfo info = rule.getValue();
            result.add(new RuleTrend(rule.getKey(), info.category(), info.severity(), now, first, peak, series, direction,
                    info.docs() == null || info.docs().isEmpty() ? null : info.docs(), List.copyOf(newest.getOrDefault(rule.getKey(), List.of()))));
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
