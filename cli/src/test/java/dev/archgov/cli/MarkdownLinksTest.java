package dev.archgov.cli;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The pull-request summary links each finding to its line at the analysed commit, in the remote's web view. */
class MarkdownLinksTest {
    @Test
    void findingsLinkToTheirLineAtTheCommit(@TempDir Path root, @TempDir Path out) throws Exception {
        JavacProject project = new JavacProject(root).withContract(JavacProject.CONTRACT);
        try (Git git = JavacProject.initRepository(root)) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", "git@github.com:acme/stock.git");
            config.save();
            RevCommit commit = project.commit(git, BaselineTest.LEAKING, "leaking stock");
            Cli run = Cli.run("check", root.toString(), "--format", "markdown", "--output", out.toString(), "--no-cache");
            assertThat(run.exit()).isEqualTo(1);
            String md = Files.readString(out.resolve("archgov-summary.md"));
            assertThat(md).containsPattern("\\| LOCK-01 \\| critical \\| \\[`src/com/acme/Stock\\.java:\\d+`\\]\\(https://github\\.com/acme/stock/blob/"
                    + commit.name() + "/src/com/acme/Stock\\.java#L\\d+\\) \\|");
        }
    }

    @Test
    void withoutAKnownRemoteTheSummaryHasNoLinks(@TempDir Path root, @TempDir Path out) throws Exception {
        JavacProject project = new JavacProject(root).withContract(JavacProject.CONTRACT);
        try (Git git = JavacProject.initRepository(root)) {
            project.commit(git, BaselineTest.LEAKING, "leaking stock");
            Cli.run("check", root.toString(), "--format", "markdown", "--output", out.toString(), "--no-cache");
            assertThat(Files.readString(out.resolve("archgov-summary.md"))).contains("| `src/com/acme/Stock.java:").doesNotContain("](http");
        }
    }

    /** A self-hosted web view: the contract's link templates address files and commits, kept in the JSON report for a later render. */
    @Test
    void theContractsTemplatesLinkASelfHostedWebView(@TempDir Path root, @TempDir Path out) throws Exception {
        JavacProject project = new JavacProject(root).withContract(JavacProject.CONTRACT + """
                links:
                  fileUrl: https://git.acme.example/stock/-/blob/{commit}/{path}#L{line}
                  commitUrl: https://git.acme.example/stock/-/commit/{commit}
                """);
        try (Git git = JavacProject.initRepository(root)) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", "git@git.acme.example:stock.git"); // a host archgov does not know
            config.save();
            RevCommit commit = project.commit(git, BaselineTest.LEAKING, "leaking stock");
            Cli run = Cli.run("check", root.toString(), "--format", "markdown,json", "--output", out.toString(), "--no-cache", "--record");
            assertThat(run.exit()).isEqualTo(1);
            String link = "https://git.acme.example/stock/-/blob/" + commit.name() + "/src/com/acme/Stock.java#L";
            assertThat(Files.readString(out.resolve("archgov-summary.md"))).contains("(" + link);
            assertThat(Files.readString(out.resolve("archgov-report.json"))).contains("\"fileUrl\" : \"https://git.acme.example/stock/-/blob/{commit}/{path}#L{line}\"");
            Cli again = Cli.run("report", commit.name(), root.toString(), "--format", "markdown"); // rendered again from the history
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out()).contains("(" + link);
        }
    }
}
