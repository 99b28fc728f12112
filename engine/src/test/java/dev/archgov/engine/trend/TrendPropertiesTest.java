package dev.archgov.engine.trend;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trend's invariants over random histories: each commit's findings a random subset of a few fingerprints, some
 * commits broken. Whatever the history, the point series, the regressions and the rule series agree with it.
 */
class TrendPropertiesTest {
    static final List<String> FINGERPRINTS = List.of("f1", "f2", "f3", "f4", "f5", "f6");

    /** A commit: null for a failed build, else the fingerprints present. */
    @Provide
    Arbitrary<List<Set<String>>> histories() {
        Arbitrary<Set<String>> present = Arbitraries.of(FINGERPRINTS).set().ofMaxSize(FINGERPRINTS.size());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, present), net.jqwik.api.Tuple.of(1, Arbitraries.just((Set<String>) null)))
                .list().ofMinSize(1).ofMaxSize(25);
    }

    static List<Trend.Input> inputs(List<Set<String>> history) {
        List<Trend.Input> inputs = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            String commit = String.format("c%02d", i);
            Set<String> fps = history.get(i);
            // the score falls with the number of findings, so drops and new findings go together as in real reports
            inputs.add(fps == null ? TrendTest.broken(commit) : TrendTest.ok(commit, TrendTest.report(100 - 10.0 * fps.size(),
                    fps.stream().sorted().toArray(String[]::new))));
        }
        return inputs;
    }

    @Property
    void everyCommitIsAPointInOrderAndOnlyAnalysedOnesHaveScores(@ForAll("histories") List<Set<String>> history) {
        Trend t = Trend.of("c", "r", "main", "now", "t", inputs(history));
        assertThat(t.points()).hasSize(history.size());
        for (int i = 0; i < history.size(); i++) {
            Trend.Point p = t.points().get(i);
            assertThat(p.commit()).isEqualTo(String.format("c%02d", i));
            assertThat(p.analysed()).isEqualTo(history.get(i) != null);
            assertThat(p.score() != null).isEqualTo(history.get(i) != null);
        }
        assertThat(t.failures()).hasSize((int) history.stream().filter(h -> h == null).count());
    }

    @Property
    void aRegressionIsExactlyWhereFingerprintsFirstAppearAfterThePreviousAnalysedCommit(@ForAll("histories") List<Set<String>> history) {
        Trend t = Trend.of("c", "r", "main", "now", "t", inputs(history));
        Set<String> expectedCommits = new HashSet<>();
        Set<String> previous = null;
        List<String> unbuilt = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Set<String> now = history.get(i);
            String commit = String.format("c%02d", i);
            if (now == null) {
                unbuilt.add(commit);
                continue;
            }
            if (previous != null) {
                Set<String> fresh = new HashSet<>(now);
                fresh.removeAll(previous);
                if (!fresh.isEmpty() || now.size() > previous.size()) {
                    expectedCommits.add(commit);
                }
                Trend.Point p = t.points().get(i);
                assertThat(p.introduced()).isEqualTo(fresh.size());
                Set<String> gone = new HashSet<>(previous);
                gone.removeAll(now);
                assertThat(p.fixed()).isEqualTo(gone.size());
                final List<String> before = List.copyOf(unbuilt);
                t.regressions().stream().filter(g -> g.commit().equals(commit)).forEach(g -> {
                    assertThat(g.introduced()).extracting(Trend.NewFinding::fingerprint).containsExactlyInAnyOrderElementsOf(fresh);
                    assertThat(g.unbuiltBefore()).isEqualTo(before);
                });
            }
            previous = now;
            unbuilt.clear();
        }
        List<String> reported = t.regressions().stream().map(Trend.Regression::commit).toList();
        assertThat(reported).hasSize(Math.min(Trend.TOP, expectedCommits.size())).doesNotHaveDuplicates();
        assertThat(expectedCommits).containsAll(reported);
        for (int i = 1; i < t.regressions().size(); i++) {
            assertThat(t.regressions().get(i - 1).drop()).isGreaterThanOrEqualTo(t.regressions().get(i).drop());
        }
    }

    @Property
    void theRuleSeriesCountsEachAnalysedCommitsFindingsAndIsNullWhereABuildFailed(@ForAll("histories") List<Set<String>> history) {
        Trend t = Trend.of("c", "r", "main", "now", "t", inputs(history));
        boolean anyFinding = history.stream().anyMatch(h -> h != null && !h.isEmpty());
        if (!anyFinding) {
            assertThat(t.rules()).isEmpty();
            return;
        }
        List<Integer> series = t.rules().get(0).series();
        assertThat(series).hasSize(history.size());
        for (int i = 0; i < history.size(); i++) {
            assertThat(series.get(i)).isEqualTo(history.get(i) == null ? null : history.get(i).size());
        }
    }
}
