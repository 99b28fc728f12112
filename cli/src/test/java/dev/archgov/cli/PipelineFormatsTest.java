package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.Path;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The CI formats, written in one run: JUnit XML (Surefire's shape) and GitLab Code Quality JSON. */
class PipelineFormatsTest {
    @TempDir
    static Path out;
    static JsonNode report;

    @BeforeAll
    static void run() throws Exception {
        Cli run = Cli.run("check", "../examples/shop", "--format", "text,json,junit,codequality,sarif,markdown,github", "--output", out.toString(),
                "--color=never");
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
    }

    @Test
    void everyFormatIsWrittenInOneRun() {
        for (String file : Set.of("archgov-report.txt", "archgov-report.json", "archgov-junit.xml", "gl-code-quality-report.json",
                "archgov.sarif", "archgov-summary.md", "archgov-github.txt")) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }
    }

    @Test
    void junitXmlParsesAndHasSurefiresShape() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(out.resolve("archgov-junit.xml").toFile());
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        for (String attribute : Set.of("name", "tests", "failures", "errors", "skipped", "time")) {
            assertThat(suite.hasAttribute(attribute)).as(attribute).isTrue();
        }
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(report.path("rules").size()).isEqualTo(Integer.parseInt(suite.getAttribute("tests")));
        int failingCases = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            assertThat(testcase.getAttribute("name")).matches("[A-Z]+(-[A-Z0-9]+)+: .+");
            assertThat(testcase.getAttribute("classname")).startsWith("archgov.");
            assertThat(Double.parseDouble(testcase.getAttribute("time"))).isNotNegative();
            failingCases += testcase.getElementsByTagName("failure").getLength() > 0 ? 1 : 0;
        }
        assertThat(Integer.parseInt(suite.getAttribute("failures"))).isEqualTo(failingCases);
        NodeList failures = suite.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(report.path("findings").size());
        assertThat(((Element) failures.item(0)).getAttribute("message")).contains(".java:");
        assertThat(((Element) failures.item(0)).getAttribute("type")).isIn("blocker", "critical", "major", "minor", "info");
    }

    @Test
    void gitlabCodeQualityListsEveryFindingWithItsLocation() throws Exception {
        JsonNode issues = new ObjectMapper().readTree(out.resolve("gl-code-quality-report.json").toFile());
        assertThat(issues.isArray()).isTrue();
        assertThat(issues).hasSize(report.path("findings").size());
        assertThat(issues).allSatisfy(issue -> {
            assertThat(issue.path("description").asText()).isNotBlank();
            assertThat(issue.path("check_name").asText()).isNotBlank();
            assertThat(issue.path("fingerprint").asText()).hasSize(32);
            assertThat(issue.path("severity").asText()).isIn("blocker", "critical", "major", "minor", "info");
            assertThat(issue.path("location").path("path").asText()).matches(".*\\.(java|ya?ml|properties)"); // sources and configuration
            assertThat(issue.path("location").path("lines").path("begin").asInt()).isPositive();
        });
    }
}
