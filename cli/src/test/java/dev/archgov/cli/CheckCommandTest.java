package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {
    static final String SHOP = "../examples/shop";

    @Test
    void writesEveryRequestedFormatToOutputDirectoryAndNoTemporaryFiles(@TempDir Path out) throws IOException {
        Cli run = Cli.run("check", SHOP, "--format", "text,json", "--output", out.toString(), "--color=never");
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(out.resolve("archgov-report.json")).isRegularFile();
        assertThat(out.resolve("archgov-report.txt")).isRegularFile();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("archgov-report.json", "archgov-report.txt");
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        assertThat(json.path("schemaVersion").asText()).isEqualTo("1.4");
        assertThat(json.path("score").path("overall").asDouble()).isBetween(0.0, 100.0);
        assertThat(json.path("summary").path("passed").asBoolean()).isFalse();
        assertThat(json.path("findings").size()).isEqualTo(json.path("summary").path("findings").asInt()).isPositive();
        assertThat(Files.readString(out.resolve("archgov-report.txt"))).doesNotContain("\u001b[");
        assertThat(run.out()).contains("FAILED");
    }

    @Test
    void jsonAloneGoesToStdout() throws IOException {
        Cli run = Cli.run("check", SHOP, "--format=json");
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(new ObjectMapper().readTree(run.out()).path("contract").path("name").asText()).isEqualTo("shop");
    }

    @Test
    void failOnCountsOnlyFindingsAtOrAboveTheThreshold() throws IOException {
        for (String threshold : List.of("blocker", "critical", "info")) {
            Cli run = Cli.run("check", SHOP, "--format=json", "--fail-on=" + threshold);
            JsonNode json = new ObjectMapper().readTree(run.out());
            List<String> atOrAbove = List.of("blocker", "critical", "major", "minor", "info")
                    .subList(0, List.of("blocker", "critical", "major", "minor", "info").indexOf(threshold) + 1);
            long expected = 0;
            for (JsonNode f : json.path("findings")) {
                if (atOrAbove.contains(f.path("severity").asText())) {
                    expected++;
                }
            }
            assertThat(json.path("summary").path("failing").asLong()).isEqualTo(expected);
            assertThat(run.exit()).isEqualTo(expected > 0 ? ExitCodes.VIOLATED : ExitCodes.OK);
        }
    }

    @Test
    void aContractWithOnlyMinorFindingsPassesWithFailOnCritical(@TempDir Path dir) throws IOException {
        Path contract = dir.resolve("archgov.yaml");
        Files.writeString(contract, """
                version: 1
                name: minor-only
                analyze:
                  classes: [%s]
                rules:
                  - id: NAMING
                    kind: naming-and-annotation
                    severity: minor
                    params: { classes: { annotatedWith: [org.springframework.web.bind.annotation.RestController] }, nameEndsWith: Controller }
                """.formatted(Path.of(SHOP, "target/classes").toAbsolutePath()));
        assertThat(Cli.run("check", contract.toString(), "--fail-on=critical").exit()).isEqualTo(ExitCodes.OK);
        assertThat(Cli.run("check", contract.toString()).exit()).isEqualTo(ExitCodes.VIOLATED);
    }

    @Test
    void usageErrorsExit2WithOneLine() {
        Cli unknownFormat = Cli.run("check", SHOP, "--format=pdf");
        assertThat(unknownFormat.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownFormat.err().strip()).isEqualTo("archgov: unknown format 'pdf' (expected one of: text, json, junit, codequality, sarif, markdown, github, prometheus, sonarqube)");

        Cli several = Cli.run("check", SHOP, "--format=text,json");
        assertThat(several.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(several.err()).contains("need --output DIR");

        Cli badSeverity = Cli.run("check", SHOP, "--fail-on=urgent");
        assertThat(badSeverity.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badSeverity.err()).contains("'urgent' is not a severity");

        assertThat(Cli.run("frobnicate").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run().exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void missingContractIsAContractErrorNamingTheFile(@TempDir Path dir) {
        Cli run = Cli.run("check", dir.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo(dir.resolve("archgov.yaml") + ": error: no such file");
    }

    @Test
    void unwritableOutputIsARuntimeFailure(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Cli run = Cli.run("check", SHOP, "--format=json", "--output", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.err()).startsWith("archgov: error: ").doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void cleanContractPassesWithExit0(@TempDir Path dir) throws IOException {
        Path contract = dir.resolve("archgov.yaml");
        Files.writeString(contract, """
                version: 1
                name: clean
                analyze:
                  classes: [%s]
                  sources: [%s]
                layers:
                  service: ["com.example.shop.service.."]
                  domain: ["com.example.shop.domain.."]
                rules:
                  - id: DOMAIN-PURE
                    kind: layers
                    params: { order: [service, domain] }
                """.formatted(Path.of(SHOP, "target/classes").toAbsolutePath(), Path.of(SHOP, "src/main/java").toAbsolutePath()));
        Cli run = Cli.run("check", contract.toString(), "--color=never");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("PASSED: 0 findings in 1 rule");
    }

    @Test
    void emptyOrCorruptInputFailsInsteadOfPassingSilently(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("corrupt.jar"), "not a zip");
        for (String classes : new String[]{"empty", "corrupt.jar"}) {
            Path contract = Files.writeString(dir.resolve("archgov.yaml"),
                    "version: 1\nname: e\nanalyze: { classes: [" + classes + "] }\nrules: [{id: C, kind: no-cycles}]\n");
            Cli run = Cli.run("check", contract.toString());
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.RUNTIME);
            assertThat(run.err()).startsWith("archgov: error: " + classes + ": ");
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void runningOutOfMemoryIsExit3WithTheFix() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m",
                "-cp", System.getProperty("java.class.path"), ArchgovCommand.class.getName(), "check", SHOP, "--no-cache")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isEqualTo(ExitCodes.RUNTIME);
        assertThat(err.strip()).startsWith("archgov: error: out of memory (").contains("ARCHGOV_JAVA_OPTS='-Xmx3g").doesNotContain("\tat ");
    }
}
