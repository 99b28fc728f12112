package dev.archgov.engine.workspace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed build's cause as a reader picks it out of the log's end: the located error first, no colour codes. */
class BuildLogsTest {
    @Test
    void theCompilersLocatedErrorWinsOverHeadingsAndColours() {
        String log = String.join("\n", "\u001B[0m\u001B[0m[INFO] Compiling 3 source files", "[0m[0m[ERROR] COMPILATION ERROR : ",
                "[INFO] -------------------------------------------------------------",
                "\u001B[1;31m[ERROR] /repo/src/main/java/x/Broken.java:[1,39] <identifier> expected\u001B[m",
                "[ERROR] /repo/src/main/java/x/Other.java:[4,2] class, interface, enum, or record expected",
                "[ERROR] -> [Help 1]", "[ERROR] Re-run Maven using the -X switch to enable full debug logging.");
        assertThat(BuildLogs.cause(log)).isEqualTo("[ERROR] /repo/src/main/java/x/Broken.java:[1,39] <identifier> expected\n"
                + "[ERROR] /repo/src/main/java/x/Other.java:[4,2] class, interface, enum, or record expected");
        assertThat(BuildLogs.firstCause(log.lines().toList())).hasValue("[ERROR] /repo/src/main/java/x/Broken.java:[1,39] <identifier> expected");
    }

    @Test
    void withoutALocatedErrorTheFirstRealErrorsAndElseTheLastLine() {
        assertThat(BuildLogs.cause(List.of("[ERROR] Failed to execute goal on project a: Could not resolve dependencies", "[ERROR] -> [Help 1]",
                "[ERROR] ", "[ERROR] For more information about the errors and possible solutions, please read the following articles:")))
                .isEqualTo("[ERROR] Failed to execute goal on project a: Could not resolve dependencies");
        assertThat(BuildLogs.cause("make: *** [all] Killed\nwaited 600 s")).isEqualTo("waited 600 s");
        assertThat(BuildLogs.cause("")).isEmpty();
        assertThat(BuildLogs.plainLines("\u001B[0m[0m[ERROR] x\nplain")).isEqualTo("[ERROR] x\nplain");
    }
}
