package dev.archgov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Hostile contract input: files that are not contracts, and extends that reach for files elsewhere. */
class HostileContractTest {
    @TempDir
    Path dir;

    @Test
    void aDeviceIsRefusedAtOnceInsteadOfReadForever() {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        Cli run = Cli.run("validate", "/dev/zero");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("/dev/zero: error: is not a regular file");
    }

    @Test
    void aFifoIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("archgov.yaml");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "mkfifo is not available");
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        Cli run = Cli.run("validate", fifo.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("is not a regular file");
    }

    @Test
    void extendsCannotReachOutsideTheContractsRepositoryAndNeverEchoesWhatItFindsThere() throws Exception {
        Path secret = dir.resolve("secret.yaml");
        Files.writeString(secret, "password: hunter2\n");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("archgov.yaml"), "version: 1\nname: x\nextends: [../secret.yaml]\nanalyze: { classes: [\".\"] }\nrules: []\n");
        Cli run = Cli.run("validate", project.resolve("archgov.yaml").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("archgov.yaml:3:11: error: extends '../secret.yaml'", "is outside").doesNotContain("hunter2", "password");

        // a link inside the directory to the file outside is no way round it
        Files.createSymbolicLink(project.resolve("team.yaml"), secret);
        Files.writeString(project.resolve("archgov.yaml"), "version: 1\nname: x\nextends: [team.yaml]\nanalyze: { classes: [\".\"] }\nrules: []\n");
        Cli linked = Cli.run("validate", project.resolve("archgov.yaml").toString());
        assertThat(linked.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(linked.err()).contains("is outside").doesNotContain("hunter2");
    }
}
