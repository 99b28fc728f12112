package dev.archgov.engine.score;

import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Severity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/** Score v2's properties (issue "Health score that moves when architecture changes"), each over random rule sets. */
class ScoreModelPropertiesTest {
    static final Scoring DEFAULTS = Scoring.defaults();

    @Provide
    Arbitrary<List<RuleScoreInput>> rules() {
        Arbitrary<RuleScoreInput> rule = Combinators.combine(
                Arbitraries.strings().withCharRange('A', 'Z').ofLength(4),
                Arbitraries.of("layering", "lock", "cache", "saga", "pool", "custom"),
                Arbitraries.of(Severity.class),
                Arbitraries.integers().between(0, 500),
                Arbitraries.integers().between(0, 40)).as((id, cat, sev, checked, findings) ->
                new RuleScoreInput(id, cat, sev, checked, Math.min(findings, checked), checked == 0 ? 0 : findings));
        return rule.list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(0, 50_000);
    }

    @Property
    void isDeterministicAndWithinRange(@ForAll("rules") List<RuleScoreInput> rules, @ForAll("sizes") int classes) {
        HealthScore a = ScoreModel.compute(rules, classes, DEFAULTS);
        HealthScore b = ScoreModel.compute(new ArrayList<>(rules), classes, DEFAULTS);
        assertThat(a).isEqualTo(b);
        assertThat(a.overall()).isBetween(0.0, 100.0);
        assertThat(a.categories().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
    }

    @Property
    void addingAFindingNeverRaisesAnyScoreAndRemovingOneNeverLowersIt(@ForAll("rules") @Size(min = 1) List<RuleScoreInput> rules,
                                                                     @ForAll("sizes") int classes, @ForAll Random random) {
        int i = random.nextInt(rules.size());
        RuleScoreInput r = rules.get(i);
        List<RuleScoreInput> more = new ArrayList<>(rules);
        more.set(i, r.withFindings(r.findings() + 1));
        HealthScore before = ScoreModel.compute(rules, classes, DEFAULTS);
        HealthScore after = ScoreModel.compute(more, classes, DEFAULTS);
        assertThat(after.overall()).isLessThanOrEqualTo(before.overall());
        after.categories().forEach((name, value) -> assertThat(value).isLessThanOrEqualTo(before.categories().getOrDefault(name, 100.0)));
    }

    @Property
    void aNewBlockerOrCriticalAlwaysCostsAVisibleAmountUntilTheScoreSaturates(
            @ForAll("rules") @Size(min = 1) List<RuleScoreInput> rules, @ForAll("sizes") int classes, @ForAll Random random,
            @ForAll boolean blocker) {
        int i = random.nextInt(rules.size());
        RuleScoreInput r = rules.get(i);
        Severity severity = blocker ? Severity.BLOCKER : Severity.CRITICAL;
        RuleScoreInput graver = new RuleScoreInput(r.id(), r.category(), severity, Math.max(1, r.checked()), r.violating(), r.findings());
        List<RuleScoreInput> before = new ArrayList<>(rules);
        before.set(i, graver);
        List<RuleScoreInput> after = new ArrayList<>(rules);
        after.set(i, graver.withFindings(graver.findings() + 1));
        HealthScore b = ScoreModel.compute(before, classes, DEFAULTS);
        HealthScore a = ScoreModel.compute(after, classes, DEFAULTS);
        if (b.overall() >= 10) {
            assertThat(b.overall() - a.overall()).as("overall drop").isGreaterThanOrEqualTo(0.5);
        }
        if (b.categories().get(r.category()) >= 10) {
            assertThat(b.categories().get(r.category()) - a.categories().get(r.category())).as("category drop").isGreaterThanOrEqualTo(0.5);
        }
    }

    @Property
    void aBlockerCapsItsCategoryAndTheOverallScoreAndACriticalKeepsItOutOfBandA(
            @ForAll("rules") List<RuleScoreInput> rules, @ForAll("sizes") int classes, @ForAll boolean blocker) {
        List<RuleScoreInput> with = new ArrayList<>(rules);
        with.add(new RuleScoreInput("GRAVE", "lock", blocker ? Severity.BLOCKER : Severity.CRITICAL, 1, 1, 1));
        HealthScore s = ScoreModel.compute(with, classes, DEFAULTS);
        if (blocker) {
            assertThat(s.categories().get("lock")).isLessThanOrEqualTo(50.0);
            assertThat(s.overall()).isLessThanOrEqualTo(70.0);
            assertThat(s.band()).isIn(Band.D, Band.E);
        } else {
            assertThat(s.overall()).isLessThan(90.0);
            assertThat(s.band()).isNotEqualTo(Band.A);
        }
    }

    @Property
    void compliantCodeCannotHideABlockerOrACritical(@ForAll @IntRange(max = 20) int criticals, @ForAll @IntRange(max = 3) int blockers,
                                                   @ForAll("sizes") int small, @ForAll("sizes") int large) {
        List<RuleScoreInput> rules = List.of(new RuleScoreInput("C", "lock", Severity.CRITICAL, 10, criticals, criticals),
                new RuleScoreInput("B", "saga", Severity.BLOCKER, 10, blockers, blockers));
        assertThat(ScoreModel.compute(rules, Math.max(small, large), DEFAULTS).overall())
                .isEqualTo(ScoreModel.compute(rules, Math.min(small, large), DEFAULTS).overall());
    }

    @Property
    void sizeNormalisationIsAtMostLogarithmic(@ForAll @IntRange(min = 100, max = 1_000_000) int classes) {
        assertThat(ScoreModel.sizeFactor(classes)).isCloseTo(1 + Math.log10(classes / 100.0), within(1e-9));
        assertThat(ScoreModel.points(Severity.MAJOR, classes * 10, DEFAULTS))
                .as("ten times the code: at most one more unit of the divisor")
                .isGreaterThanOrEqualTo(ScoreModel.points(Severity.MAJOR, classes, DEFAULTS) * ScoreModel.sizeFactor(classes)
                        / (ScoreModel.sizeFactor(classes) + 1) - 1e-9);
    }

    @Property
    void doesNotDependOnTheOrderOfRules(@ForAll("rules") List<RuleScoreInput> rules, @ForAll("sizes") int classes, @ForAll Random random) {
        List<RuleScoreInput> shuffled = new ArrayList<>(rules);
        Collections.shuffle(shuffled, random);
        HealthScore a = ScoreModel.compute(rules, classes, DEFAULTS);
        HealthScore b = ScoreModel.compute(shuffled, classes, DEFAULTS);
        assertThat(b.overall()).isEqualTo(a.overall());
        assertThat(b.categories()).isEqualTo(a.categories());
    }

    @Property
    void thePointsLostAddUpToWhatTheScoreLost(@ForAll("rules") List<RuleScoreInput> rules, @ForAll("sizes") int classes) {
        HealthScore s = ScoreModel.compute(rules, classes, DEFAULTS);
        if (s.applicable()) {
            double lost = s.rules().stream().mapToDouble(HealthScore.RuleScore::pointsLost).sum();
            assertThat(lost).isCloseTo(100.0 - s.overall(), within(0.01 * rules.size() + 0.01));
        }
    }

    @Property
    void notApplicableIsLeftOutNotPerfect(@ForAll("rules") List<RuleScoreInput> rules, @ForAll("sizes") int classes) {
        List<RuleScoreInput> withIdle = new ArrayList<>(rules);
        withIdle.add(new RuleScoreInput("IDLE", "idle-category", Severity.CRITICAL, 0, 0, 0));
        HealthScore s = ScoreModel.compute(withIdle, classes, DEFAULTS);
        assertThat(s.notApplicable()).contains("idle-category");
        assertThat(s.categories()).doesNotContainKey("idle-category");
        assertThat(s.overall()).isEqualTo(ScoreModel.compute(rules, classes, DEFAULTS).overall());
    }

    @Test
    void everythingNotApplicableSaysSo() {
        HealthScore s = ScoreModel.compute(List.of(new RuleScoreInput("R", "lock", Severity.CRITICAL, 0, 0, 0)), 50, DEFAULTS);
        assertThat(s.applicable()).isFalse();
        assertThat(s.band()).isEqualTo(Band.NOT_APPLICABLE);
        assertThat(s.notApplicable()).containsExactly("lock");
        assertThat(ScoreModel.compute(List.of(), 50, DEFAULTS).band()).isEqualTo(Band.NOT_APPLICABLE);
    }

    @Test
    void workedExampleFromTheReadme() {
        // 1,000 classes: size factor 2. layering: a critical rule with 2 findings (20 points) and a minor rule with 4
        // (4 × 0.5 / 2 = 1 point); lock: a major rule with 3 findings (3 × 2 / 2 = 3 points)
        HealthScore s = ScoreModel.compute(List.of(
                new RuleScoreInput("L1", "layering", Severity.CRITICAL, 10, 2, 2),
                new RuleScoreInput("L2", "layering", Severity.MINOR, 20, 4, 4),
                new RuleScoreInput("K1", "lock", Severity.MAJOR, 4, 3, 3)), 1_000, DEFAULTS);
        // layering 100 × e^(−21/150) × 0.9 = 78.24; lock 100 × e^(−3/150) = 98.02; overall 100 × e^(−24/150) × 0.9 = 76.69
        assertThat(s.categories()).isEqualTo(Map.of("layering", 78.24, "lock", 98.02));
        assertThat(s.overall()).isEqualTo(76.69);
        assertThat(s.band()).isEqualTo(Band.C);
        assertThat(s.contributions()).extracting(HealthScore.RuleScore::id, HealthScore.RuleScore::pointsLost)
                .containsExactly(tuple("L1", 20.84), tuple("K1", 1.85),
                        tuple("L2", 0.62));
    }

    @Test
    void categoryWeightsMultiplyPointsAndZeroLeavesACategoryOut() {
        List<RuleScoreInput> rules = List.of(new RuleScoreInput("K", "lock", Severity.CRITICAL, 5, 1, 1),
                new RuleScoreInput("L", "layering", Severity.MAJOR, 5, 1, 1));
        Scoring lockTwice = new Scoring(DEFAULTS.severityWeights(), Map.of("lock", 2.0));
        Scoring noLock = new Scoring(DEFAULTS.severityWeights(), Map.of("lock", 0.0));
        assertThat(ScoreModel.compute(rules, 10, lockTwice).overall()).isLessThan(ScoreModel.compute(rules, 10, DEFAULTS).overall());
        HealthScore without = ScoreModel.compute(rules, 10, noLock);
        assertThat(without.overall()).as("only the major counts, and no critical cap").isEqualTo(98.68);
        assertThat(without.categories()).containsKey("lock");
    }
}
