package dev.archgov.rules;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.testing.MarkerHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The generic kinds' parameters (strict, allow, except, mode: any, notAnnotatedWith) against marked fixtures. */
class GenericKindsTest {
    static Report report;

    @BeforeAll
    static void run() {
        report = Archgov.check(Path.of("target/test-classes/generic-kinds.yaml"), CheckRunner.Options.defaults());
    }

    @Test
    void findingsAreExactlyTheMarkers() {
        MarkerHarness.compare(Path.of("src/test/java/dev/archgov/rules/fixtures"), report, Set.of()).assertMatches();
    }

    @Test
    void relaxedAndAllowedLayeringAndAcyclicFixturesStaySilent() {
        assertThat(report.findings()).noneMatch(f -> Set.of("RELAXED", "ALLOWED", "CYCLES").contains(f.ruleId()));
        assertThat(report.rules()).extracting(r -> r.id()).contains("RELAXED", "ALLOWED", "CYCLES");
    }

    @Test
    void lambdaAccessIsAttributedToTheEnclosingMethod() {
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("STRICT");
            assertThat(f.element()).isEqualTo("dev.archgov.rules.fixtures.web.ItemController.lambda(long)");
            assertThat(f.line()).isEqualTo(20);
        });
    }
}
