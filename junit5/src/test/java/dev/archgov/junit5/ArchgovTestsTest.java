package dev.archgov.junit5;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.report.io.BaselineFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Library mode gives {@code archgov check}'s verdict, one test per rule: the shop's contract run through the JUnit
 * engine as a user's suite would run it.
 */
class ArchgovTestsTest {
    static Report cli;

    @BeforeAll
    static void checkLikeTheCli() {
        cli = Archgov.check(ShopSuiteFixture.SHOP, new CheckRunner.Options(Severity.MINOR, LocalDate.now(), true));
    }

    @Test
    void oneTestPerRuleNamedByIdAndFailingExactlyForRulesThatFailTheRun() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ShopSuiteFixture.class)).execute().testEvents();
        List<String> names = tests.started().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertThat(names).containsExactlyElementsOf(cli.rules().stream().map(r -> r.id() + ": " + r.message()).toList());

        Set<String> failingRules = cli.findings().stream().filter(f -> f.severity().atLeast(Severity.MINOR)).map(Finding::ruleId)
                .collect(Collectors.toSet());
        Set<String> failedTests = tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName().split(":")[0]).collect(Collectors.toSet());
        assertThat(failedTests).isEqualTo(failingRules).isNotEmpty();
        assertThat(tests.succeeded().count()).isEqualTo(cli.rules().size() - failingRules.size());
    }

    @Test
    void aFailureListsEachFindingWithItsPriorityRuleIdFingerprintAndPlace() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ShopSuiteFixture.class)).execute().testEvents();
        Event lock = tests.failed().stream().filter(e -> e.getTestDescriptor().getDisplayName().startsWith("LOCK-01:")).findFirst().orElseThrow();
        String message = lock.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
        Finding first = cli.findings().stream().filter(f -> f.ruleId().equals("LOCK-01")).findFirst().orElseThrow();
        assertThat(message).contains("(Priority: HIGH)")
                .contains("[HIGH] LOCK-01 " + first.fingerprint() + " " + first.path() + ":" + first.line());
    }

    @Test
    void suppressedFindingsFailNeitherTheCliNorTheLibrary() {
        assertThat(cli.suppressed()).isNotEmpty();
        ArchgovTests library = ArchgovTests.from(ShopSuiteFixture.SHOP);
        Set<String> libraryPairs = cli.rules().stream().map(RuleResult::id).flatMap(id -> library.failing(id).stream())
                .map(f -> f.ruleId() + " " + f.fingerprint()).collect(Collectors.toSet());
        Set<String> cliPairs = cli.findings().stream().map(f -> f.ruleId() + " " + f.fingerprint()).collect(Collectors.toSet());
        assertThat(libraryPairs).isEqualTo(cliPairs);
        cli.suppressed().forEach(s -> assertThat(libraryPairs).doesNotContain(s.finding().ruleId() + " " + s.finding().fingerprint()));
    }

    @Test
    void aBaselineFreezesKnownFindingsByFingerprintAndWarnsAboutStaleEntries(@TempDir Path dir) throws Throwable {
        Path baseline = dir.resolve("archgov-baseline.json");
        BaselineFile.write(baseline, cli);
        ObjectMapper json = new ObjectMapper();
        ObjectNode file = (ObjectNode) json.readTree(baseline.toFile());
        ArrayNode entries = (ArrayNode) file.get("findings");
        ObjectNode fixed = entries.get(0).deepCopy();
        fixed.put("fingerprint", "0000000000000000000000000000dead");
        entries.add(fixed);
        json.writeValue(baseline.toFile(), file);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ArchgovTests frozen = ArchgovTests.from(ShopSuiteFixture.SHOP).baseline(baseline).warningsTo(new PrintStream(err, true, StandardCharsets.UTF_8));
        List<DynamicTest> tests = frozen.tests().toList();
        for (DynamicTest t : tests) {
            t.getExecutable().execute(); // none throws: every finding is known
        }
        assertThat(tests).hasSize(cli.rules().size());
        assertThat(frozen.report().baselined()).hasSize(cli.findings().size());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 baseline entry no longer occurs");
    }

    @Test
    void theThresholdDecidesWhichRulesFail() {
        ArchgovTests blockersOnly = ArchgovTests.from(ShopSuiteFixture.SHOP).failOn(Severity.BLOCKER);
        Set<String> failing = cli.rules().stream().map(RuleResult::id).filter(id -> !blockersOnly.failing(id).isEmpty()).collect(Collectors.toSet());
        assertThat(failing).isEqualTo(cli.findings().stream().filter(f -> f.severity() == Severity.BLOCKER).map(Finding::ruleId)
                .collect(Collectors.toSet())).isNotEmpty();
    }
}
