package dev.archgov.rules;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.testing.MarkerHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** no-cycles reports each cycle group (strongly connected component) once, whole, and identically on every run. */
class CycleGroupsTest {
    static final Path CONTRACT = Path.of("target/test-classes/cycle-groups.yaml");
    static Report report;

    @BeforeAll
    static void run() {
        report = Archgov.check(CONTRACT, CheckRunner.Options.defaults());
    }

    @Test
    void oneFindingPerGroupAtItsFirstDependencyInSourceOrder() {
        MarkerHarness.compare(Path.of("src/test/java/dev/archgov/rules/cycles"), report, Set.of()).assertMatches();
        assertThat(report.findings()).extracting(Finding::element).containsExactly("cycle[a, b, c]", "cycle[d, e]", "cycle[g$en, u]");
    }

    @Test
    void theDetailNamesTheShortestCycleThroughTheFirstSliceAndAnExampleDependency() {
        Finding abc = report.findings().get(0);
        assertThat(abc.detail()).startsWith("Cycle group of 3 slices; shortest cycle through a: a -> b -> a; "
                + "e.g. dev.archgov.rules.cycles.a.A -> dev.archgov.rules.cycles.b.B | ");
        assertThat(report.findings().get(1).detail()).startsWith("Cycle d -> e -> d; e.g. dev.archgov.rules.cycles.d.D");
    }

    /**
     * Like ArchUnit's cycle report, each group lists its elementary cycles (every one here: a -> b -> a and a -> b -> c -> a)
     * and each of its edges with how many class dependencies make it and where (a class-level one without a line).
     */
    @Test
    void theDetailListsEveryElementaryCycleAndEachEdgesDependencies() {
        Finding abc = report.findings().get(0);
        assertThat(abc.detail()).contains(" | 2 elementary cycles: a -> b -> a; a -> b -> c -> a | edges: ")
                .contains("a -> b: 2 dependencies (dev/archgov/rules/cycles/a/A.java, dev/archgov/rules/cycles/a/A.java:8)")
                .contains("b -> c: 2 dependencies (dev/archgov/rules/cycles/b/B.java, dev/archgov/rules/cycles/b/B.java:12)")
                .contains("c -> a: 2 dependencies (dev/archgov/rules/cycles/c/C.java, dev/archgov/rules/cycles/c/C.java:7)");
        assertThat(report.findings().get(1).detail()).doesNotContain("elementary cycles").contains(" | edges: d -> e: ");
    }

    @Test
    void everyRunFindsTheSameFindings() {
        List<String> first = report.findings().stream().map(f -> f.fingerprint() + f.detail() + f.line()).toList();
        for (int i = 0; i < 5; i++) {
            Report again = Archgov.check(CONTRACT, new CheckRunner.Options(Severity.MINOR, LocalDate.now(), i % 2 == 0));
            assertThat(again.findings().stream().map(f -> f.fingerprint() + f.detail() + f.line()).toList()).isEqualTo(first);
        }
    }

    /**
     * A slice pattern with two capture groups names each slice by both parts (it found nothing when only the first part
     * named the slice: every slice of a module merged into one); namedAs names them as the team does.
     */
    @Test
    void slicesCapturedByTwoGroupsAndNamedAsTheTeamSays() {
        Report two = Archgov.check(Path.of("target/test-classes/two-groups.yaml"), CheckRunner.Options.defaults());
        MarkerHarness.compare(Path.of("src/test/java/dev/archgov/rules/twogroups"), two, Set.of()).assertMatches();
        assertThat(two.findings()).extracting(Finding::element)
                .containsExactly("cycle[shop.order, shop.stock]", "cycle[Module shop: order, Module shop: stock]");
        assertThat(two.findings().get(0).detail()).startsWith("Cycle shop.order -> shop.stock -> shop.order; "
                + "e.g. dev.archgov.rules.twogroups.shop.order.Order -> dev.archgov.rules.twogroups.shop.stock.Stock | edges: ");
    }

    /** ignore pairs leave class dependencies out of the slice graph: the d <-> e cycle is gone, the others stay. */
    @Test
    void ignoredDependenciesBreakTheirCycle(@TempDir Path dir) throws Exception {
        Path contract = Files.writeString(dir.resolve("archgov.yaml"), Files.readString(CONTRACT)
                .replace("analyze:\n  classes: [\".\"]\n  sources: [\"../../src/test/java\"]",
                        "analyze:\n  classes: [\"" + CONTRACT.toAbsolutePath().getParent() + "\"]\n  sources: []")
                .replace("params: { slices: \"dev.archgov.rules.cycles.(*)..\" }",
                        "params: { slices: \"dev.archgov.rules.cycles.(*)..\", ignore: [\"dev.archgov.rules.cycles.e.** -> dev.archgov.rules.cycles.d.**\"] }"));
        Report ignoring = Archgov.check(contract, CheckRunner.Options.defaults());
        assertThat(ignoring.findings()).extracting(Finding::element).containsExactly("cycle[a, b, c]", "cycle[g$en, u]");
    }
}
