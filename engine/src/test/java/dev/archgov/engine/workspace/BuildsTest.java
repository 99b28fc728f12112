package dev.archgov.engine.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BuildsTest {
    @TempDir
    Path dir;

    @Test
    void theLogTailSurvivesLatin1AndHugeLogsAndKeepsTheLastLines() throws IOException {
        Path log = dir.resolve("build.log");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            big.append("line ").append(i).append('\n');
        }
        byte[] latin1 = "Fehler: ungültiger Ausdruck\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(log, big.toString().getBytes());
        Files.write(log, latin1, StandardOpenOption.APPEND);
        var tail = Builds.tail(log);
        assertThat(tail).hasSize(Builds.LOG_TAIL).endsWith("Fehler: ung\uFFFDltiger Ausdruck");
        assertThat(tail.get(0)).isEqualTo("line 199981");
    }

    @Test
    void aFailingBuildGivesItsExitCodeAndTheEndOfItsOutput() {
        Builds.Outcome out = Builds.run(dir, "echo compiling; echo 'error: boom' >&2; exit 7", Optional.empty());
        assertThat(out.ok()).isFalse();
        assertThat(out.exitCode()).isEqualTo(7);
        assertThat(out.logTail()).containsExactly("compiling", "error: boom");
    }

    @Test
    void aShortLogIsReturnedWhole() throws IOException {
        Path log = dir.resolve("short.log");
        Files.writeString(log, "one\r\ntwo\n\n");
        assertThat(Builds.tail(log)).containsExactly("one", "two");
    }
}
