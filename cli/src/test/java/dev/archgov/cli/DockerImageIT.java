package dev.archgov.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image built from ../Dockerfile and run on the shop (failsafe, after the archive is packaged). It needs a
 * container runtime that can pull eclipse-temurin:17-jre; where there is none (this project's own CI reaches no image
 * registry) the test is skipped, and says so.
 */
class DockerImageIT {
    private static final String TAG = "archgov-it:" + ProcessHandle.current().pid();

    @Test
    void theImageChecksAMountedCodeBase() throws Exception {
        Assumptions.assumeTrue(run(List.of("docker", "info"), 30).exit() == 0,
                "skipped: no container runtime here (docker info failed), so the image is not built or run");
        Result build = run(List.of("docker", "build", "-t", TAG, "--build-arg", "VERSION=" + DockerfileTest.projectVersion(), ".."), 900);
        Assumptions.assumeFalse(build.exit() != 0 && build.output().contains("eclipse-temurin"),
                "skipped: the base image eclipse-temurin:17-jre cannot be pulled here: " + build.output().lines().reduce((a, b) -> b).orElse(""));
        assertThat(build.exit()).as(build.output()).isZero();
        try {
            Path shop = Path.of("../examples/shop").toAbsolutePath().normalize();
            Result version = run(List.of("docker", "run", "--rm", TAG, "--version"), 120);
            assertThat(version.output()).contains("archgov");
            Result check = run(List.of("docker", "run", "--rm", "-v", shop + ":/repo:ro", TAG, "check", "--no-cache"), 600);
            assertThat(check.exit()).as(check.output()).isEqualTo(ExitCodes.VIOLATED);
            assertThat(check.output()).contains("LOCK-01");
        } finally {
            run(List.of("docker", "rmi", "-f", TAG), 120);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage()); // no such program
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(124, "timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
