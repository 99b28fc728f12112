package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --classes, --classpath and --sources: a build that knows the analysed paths gives them on the command line, and a
 * contract made only of rules (no analyze section) is enough. The given paths replace the contract's; a path that does
 * not exist is a usage error naming it.
 */
class AnalysisOptionsTest {
    private static final Path SHOP = Path.of("../examples/shop").toAbsolutePath().normalize();

    @Test
    void aContractOfRulesOnlyAnalysesThePathsGivenOnTheCommandLine(@TempDir Path dir) throws IOException {
        Path contract = dir.resolve("archgov.yaml");
        Files.writeString(contract, "version: 1\nname: rules-only\nextends: [builtin:lock]\n");
        Cli run = Cli.run("check", contract.toString(), "--no-cache", "--format=json",
                "--classes", SHOP.resolve("target/classes") + File.pathSeparator + SHOP.resolve("target/classes"), // a duplicate is dropped
                "--sources", SHOP.resolve("src/main/java").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.VIOLATED);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("target").path("classes").asInt()).isPositive();
        assertThat(json.path("findings").findValuesAsText("ruleId")).contains("LOCK-01");
        assertThat(json.path("findings").findValuesAsText("path")).anyMatch(p -> p.endsWith(".java")); // sources resolved findings to files
    }

    @Test
    void givenPathsReplaceTheContractsAndMustExist(@TempDir Path dir) throws IOException {
        Cli missing = Cli.run("check", SHOP.toString(), "--no-cache", "--classes", dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("command line", "analyze.classes", "nowhere", "does not exist");

        Path empty = Files.createDirectories(dir.resolve("empty-classes"));
        Cli replaced = Cli.run("check", SHOP.toString(), "--no-cache", "--format=json", "--classes", empty.toString());
        assertThat(replaced.exit()).isNotEqualTo(ExitCodes.OK);
        assertThat(replaced.err()).contains("empty-classes", "contains no .class files"); // the shop's own classes were not analysed
    }

    @Test
    void theBaselineTakesThemToo(@TempDir Path dir) throws IOException {
        Path contract = dir.resolve("archgov.yaml");
        Files.writeString(contract, "version: 1\nname: rules-only\nextends: [builtin:lock]\n");
        Cli run = Cli.run("baseline", contract.toString(), "--classes", SHOP.resolve("target/classes").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(dir.resolve("archgov-baseline.json")).content().contains("LOCK-01");
    }
}
