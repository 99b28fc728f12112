package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pipeline format shows the run's one verdict: the findings that fail it (reported, at or above --fail-on) are
 * exactly the JUnit failures, the SARIF {@code error} results and the GitHub {@code ::error} annotations, and the exit
 * code agrees; under several thresholds, with and without a baseline.
 */
class VerdictAgreementTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "--fail-on {0}, baseline {1}")
    @CsvSource({"minor, false", "critical, false", "blocker, false", "minor, true", "info, true"})
    void everyFormatAgreesWithTheExitCode(String failOn, boolean baselined, @TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "../examples/shop", "--fail-on", failOn, "--no-cache",
                "--format", "json,junit,sarif,github", "--output", dir.toString()));
        if (baselined) {
            Path baseline = dir.resolve("baseline.json");
            assertThat(Cli.run("baseline", "../examples/shop", "-o", baseline.toString()).exit()).isZero();
            args.addAll(List.of("--baseline", baseline.toString()));
        }
        Cli run = Cli.run(args.toArray(String[]::new));

        JsonNode report = JSON.readTree(dir.resolve("archgov-report.json").toFile());
        String threshold = report.path("summary").path("failOn").asText();
        assertThat(threshold).isEqualTo(failOn);
        List<String> order = List.of("blocker", "critical", "major", "minor", "info");
        Set<String> failing = new HashSet<>();
        report.path("findings").forEach(f -> {
            if (order.indexOf(f.path("severity").asText()) <= order.indexOf(threshold)) {
                failing.add(f.path("ruleId").asText() + " " + f.path("fingerprint").asText());
            }
        });
        assertThat(run.exit()).as(run.err()).isEqualTo(failing.isEmpty() ? 0 : 1);

        // JUnit: failures carry the fingerprint in their text; the header counts the failed test cases
        var junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("archgov-junit.xml").toFile());
        NodeList failures = junit.getElementsByTagName("failure");
        Set<String> junitFailing = new HashSet<>();
        Set<String> failedCases = new HashSet<>();
        for (int i = 0; i < failures.getLength(); i++) {
            Element failure = (Element) failures.item(i);
            Element testcase = (Element) failure.getParentNode();
            String rule = testcase.getAttribute("name").split(":")[0];
            Matcher fp = Pattern.compile("fingerprint (\\w+)").matcher(failure.getTextContent());
            assertThat(fp.find()).isTrue();
            junitFailing.add(rule + " " + fp.group(1));
            failedCases.add(rule);
        }
        assertThat(junitFailing).isEqualTo(failing);
        assertThat(Integer.parseInt(junit.getDocumentElement().getAttribute("failures"))).isEqualTo(failedCases.size());

        // SARIF: error-level results are the failing findings
        Set<String> sarifErrors = new HashSet<>();
        for (JsonNode r : JSON.readTree(dir.resolve("archgov.sarif").toFile()).path("runs").get(0).path("results")) {
            if (r.path("level").asText().equals("error")) {
                assertThat(r.has("suppressions")).isFalse();
                sarifErrors.add(r.path("ruleId").asText() + " " + r.path("partialFingerprints").path("archgov/v1").asText());
            }
        }
        assertThat(sarifErrors).isEqualTo(failing);

        // GitHub: as many ::error annotations as failing findings (up to GitHub's 10 per step, then one notice), none when the run passes
        List<String> annotations = Files.readAllLines(dir.resolve("archgov-github.txt"));
        long errors = annotations.stream().filter(l -> l.startsWith("::error ")).count();
        assertThat(errors).isEqualTo(Math.min(failing.size(), 10));
        long warnings = annotations.stream().filter(l -> l.startsWith("::warning ")).count();
        int reported = report.path("findings").size();
        long shown = errors + warnings + annotations.stream().filter(l -> l.startsWith("::notice file=")).count();
        if (shown < reported) {
            assertThat(annotations).last().asString().startsWith("::notice title=archgov%3A " + (reported - shown) + " more findings");
        }
    }
}
