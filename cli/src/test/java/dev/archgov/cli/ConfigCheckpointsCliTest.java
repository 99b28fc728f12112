package dev.archgov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration checkpoints from the command line: bad configuration files, and every checkpoint explained. */
class ConfigCheckpointsCliTest {
    private static final Path SHOP_CLASSES = Path.of("../examples/shop/target/classes").toAbsolutePath();

    private static Path contract(Path dir, String config) throws IOException {
        return Files.writeString(dir.resolve("archgov.yaml"), "version: 1\nname: x\nextends: [builtin:checkpoints]\nanalyze:\n  classes: ["
                + SHOP_CLASSES + "]\n  config: [" + config + "]\n");
    }

    @Test
    void aConfigurationFileThatDoesNotParseIsOneLineWithItsPlaceAndExitThree(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(dir.resolve("deploy/pod.yaml"), "kind: Pod\nspec:\n  containers: [\n");
        Cli run = Cli.run("check", contract(dir, "deploy").toString(), "--no-cache");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err().strip()).doesNotContain("\n").contains("deploy/pod.yaml:4:1: invalid YAML: ").doesNotContain("Exception");
        assertThat(dir.resolve("deploy/pod.yaml")).hasContent("kind: Pod\nspec:\n  containers: [\n"); // never modified
    }

    /** Said in every format, and fatal with --strict; not otherwise: an audit's older commits may predate the directory. */
    @Test
    void aConfigurationPathThatDoesNotExistIsSaidAndFailsOnlyStrictRuns(@TempDir Path dir) throws IOException {
        Cli run = Cli.run("check", contract(dir, "k8s").toString(), "--no-cache");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("matches nothing in the analysed code", "CFG-01 analyze.config: k8s does not exist");
        Cli strict = Cli.run("check", contract(dir, "k8s").toString(), "--no-cache", "--strict");
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.err()).contains("analyze.config: k8s does not exist");
    }

    @Test
    void everyCheckpointExplainsItselfWithItsSource() {
        for (int i = 1; i <= 17; i++) {
            String id = String.format("CFG-%02d", i);
            Cli run = Cli.run("explain", id); // a bundled pack's rule
            assertThat(run.exit()).as(id + ": " + run.err()).isZero();
            assertThat(run.out()).as(id).contains(id, "category runtime", "## Rationale", "## Bad", "## Good", "## Source", "https://");
        }
    }
}
