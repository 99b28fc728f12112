package dev.archgov.engine.score;

import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Severity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The score is deterministic, within 0–100, never lowered by a fix, and independent of order. */
class ScoreModelPropertiesTest {

    @Provide
    Arbitrary<List<RuleScoreInput>> rules() {
        Arbitrary<RuleScoreInput> rule = Combinators.combine(
                Arbitraries.strings().withCharRange('A', 'Z').ofLength(4),
                Arbitraries.of("layering", "lock", "cache", "saga", "pool", "custom"),
                Arbitraries.of(Severity.class),
                Arbitraries.integers().between(0, 500),
                Arbitraries.integers().between(0, 500)).as((id, cat, sev, checked, violating) ->
                new RuleScoreInput(id, cat, sev, checked, Math.min(violating, checked)));
        return rule.list().ofMaxSize(30);
    }

    @Property
    void isDeterministicAndWithinRange(@ForAll("rules") List<RuleScoreInput> rules) {
        HealthScore a = ScoreModel.compute(rules, Scoring.defaults());
        HealthScore b = ScoreModel.compute(new ArrayList<>(rules), Scoring.defaults());
        assertThat(a).isEqualTo(b);
        assertThat(a.overall()).isBetween(0.0, 100.0);
        assertThat(a.categories().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
    }

    @Property
    void fixingAFindingNeverLowersTheScore(@ForAll("rules") @Size(min = 1) List<RuleScoreInput> rules, @ForAll Random random) {
        int i = random.nextInt(rules.size());
        RuleScoreInput r = rules.get(i);
        if (r.violating() == 0) {
            return;
        }
        List<RuleScoreInput> fixed = new ArrayList<>(rules);
        fixed.set(i, new RuleScoreInput(r.id(), r.category(), r.severity(), r.checked(), r.violating() - 1));
        HealthScore before = ScoreModel.compute(rules, Scoring.defaults());
        HealthScore after = ScoreModel.compute(fixed, Scoring.defaults());
        assertThat(after.overall()).isGreaterThanOrEqualTo(before.overall());
        assertThat(after.categories().get(r.category())).isGreaterThanOrEqualTo(before.categories().get(r.category()));
    }

    @Property
    void doesNotDependOnTheOrderOfRules(@ForAll("rules") List<RuleScoreInput> rules, @ForAll Random random) {
        List<RuleScoreInput> shuffled = new ArrayList<>(rules);
        Collections.shuffle(shuffled, random);
        HealthScore a = ScoreModel.compute(rules, Scoring.defaults());
        HealthScore b = ScoreModel.compute(shuffled, Scoring.defaults());
        assertThat(b.overall()).isEqualTo(a.overall());
        assertThat(b.categories()).isEqualTo(a.categories());
    }

    @Test
    void workedExampleFromTheReadme() {
        // layering: critical rule 2 of 10 classes violating (0.8), minor rule all fine (1.0) -> (5*0.8 + 1*1.0)/6 = 83.33
        // lock: one major rule 1 of 4 violating -> 75.0; overall = (83.33 + 75.0) / 2 = 79.17
        HealthScore s = ScoreModel.compute(List.of(
                new RuleScoreInput("L1", "layering", Severity.CRITICAL, 10, 2),
                new RuleScoreInput("L2", "layering", Severity.MINOR, 20, 0),
                new RuleScoreInput("K1", "lock", Severity.MAJOR, 4, 1)), Scoring.defaults());
        assertThat(s.categories()).containsEntry("layering", 83.33).containsEntry("lock", 75.0);
        assertThat(s.overall()).isEqualTo(79.17);
    }

    @Test
    void nothingCheckedIsFullyCompliantAndNoRulesIsAHundred() {
        assertThat(new RuleScoreInput("R", "c", Severity.MAJOR, 0, 0).compliance()).isEqualTo(1.0);
        assertThat(ScoreModel.compute(List.of(), Scoring.defaults()).overall()).isEqualTo(100.0);
    }
}
