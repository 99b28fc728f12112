package dev.archgov.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AuditProgressTest {

    @Test
    void theBarShowsTheCommitDoneOfTotalAndKeepsEachOutcomeOnScreen() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (AuditProgress bar = AuditProgress.of(AuditProgress.Mode.BAR, 2, new PrintWriter(new StringWriter()), terminal, false)) {
            bar.status(1, 2, "0123456789ab first", "building: make");
            bar.done(1, 2, "0123456789ab first", "built in 1.0 s, analysed in 2.0 s: score 90.0, 1 finding");
            bar.notice("submodule not exported: lib");
            bar.status(2, 2, "ba9876543210 second", "analysing");
            bar.done(2, 2, "ba9876543210 second", "build failed, exit 1 (recorded)");
        }
        String screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("audit", "2/2", "100%", "0123456789ab first built in 1.0 s", "notice: submodule not exported: lib",
                "ba9876543210 second build failed");
    }

    @Test
    void plainProgressIsOneLinePerStepForCiLogs() {
        StringWriter err = new StringWriter();
        try (AuditProgress plain = AuditProgress.of(AuditProgress.Mode.PLAIN, 2, new PrintWriter(err), System.err, false)) {
            plain.status(1, 2, "0123456789ab first", "building: make");
            plain.done(1, 2, "0123456789ab first", "built");
        }
        assertThat(err.toString()).isEqualTo("archgov audit: [1/2] 0123456789ab first building: make\n"
                + "archgov audit: [1/2] 0123456789ab first built\n").doesNotContain("\r");
    }
}
