package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.junit5.ArchgovTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The JUnit 5 integration and {@code archgov check} agree on the shop, finding by finding, suppressions included. */
class JUnitIntegrationVerdictTest {
    @Test
    void theLibraryFailsExactlyTheFindingsTheCliReports(@TempDir Path out) throws Exception {
        Cli run = Cli.run("check", "../examples/shop", "--format", "json", "--output", out.toString(), "--no-cache");
        assertThat(run.exit()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        Set<String> cli = new HashSet<>();
        json.path("findings").forEach(f -> cli.add(f.path("ruleId").asText() + " " + f.path("fingerprint").asText()));
        Set<String> suppressed = new HashSet<>();
        json.path("suppressed").forEach(s -> suppressed.add(s.path("finding").path("ruleId").asText() + " " + s.path("finding").path("fingerprint").asText()));

        ArchgovTests library = ArchgovTests.from(Path.of("../examples/shop/archgov.yaml"));
        Set<String> failing = library.report().rules().stream().map(RuleResult::id).flatMap(id -> library.failing(id).stream())
                .map(f -> f.ruleId() + " " + f.fingerprint()).collect(Collectors.toSet());
        assertThat(failing).isEqualTo(cli).isNotEmpty();
        assertThat(suppressed).isNotEmpty().doesNotContainAnyElementsOf(failing);
        assertThat(library.tests().count()).isEqualTo(json.path("rules").size());
    }
}
