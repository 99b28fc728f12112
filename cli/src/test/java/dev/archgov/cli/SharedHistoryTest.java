package dev.archgov.cli;

import dev.archgov.engine.history.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands that record and read the history work unchanged against a shared PostgreSQL database. */
class SharedHistoryTest {
    @RegisterExtension
    static final TestPostgres.Server POSTGRES = new TestPostgres.Server();

    @Test
    void checkRecordsAndHistoryReportAndMigrateReadTheSharedStore(@TempDir Path dir) {
        String url = POSTGRES.newDatabase();
        Cli check = Cli.run("check", "../examples/shop", "--record", "--history", url, "--no-cache", "--format", "json");
        assertThat(check.exit()).as(check.err()).isEqualTo(1); // the shop fails its contract: recorded all the same
        Cli history = Cli.run("history", "../examples/shop", "--history", url);
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out()).contains("COMMIT", "shop").doesNotContain("(no recorded reports match)");
        Cli report = Cli.run("report", "HEAD", "../examples/shop", "--history", url, "--format", "json");
        assertThat(report.exit()).as(report.err()).isIn(0, 1);
        assertThat(report.out()).contains("CFG-14", "\"column\"");

        Path local = dir.resolve("history.db");
        assertThat(Cli.run("check", "../examples/shop", "--record", "--history", local.toString(), "--no-cache").exit()).isEqualTo(1);
        Cli migrate = Cli.run("history", "migrate", "--from", local.toString(), "--to", url);
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("copied 0 reports", "already there, kept: 1 and 0"); // the same commit and contract
        Cli intoFile = Cli.run("history", "migrate", "--from", url, "--to", dir.resolve("copy.db").toString());
        assertThat(intoFile.out()).contains("copied 1 report and 0 build failures");
    }
}
