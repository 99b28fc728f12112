package dev.archgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Selection, sampling, timeouts and bad input of {@code archgov audit}, on a five-commit repository. */
class AuditOptionsTest {
    @TempDir
    Path tmp;

    Path repo;
    final List<String> ids = new ArrayList<>();

    @BeforeEach
    void fiveCommits() throws Exception {
        repo = tmp.resolve("repo");
        ids.addAll(repository(repo, 5));
    }

    /**
     * A repository of {@code commits} commits (c1, c2, …, an hour apart) of the audit fixture, every even one leaking a
     * lock: its commit ids, oldest first.
     */
    static List<String> repository(Path repo, int commits) throws Exception {
        List<String> ids = new ArrayList<>();
        Files.createDirectories(repo.resolve("src/com/acme"));
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve(".gitignore"), "build/\nout/\n");
            Files.writeString(repo.resolve("archgov.yaml"), AuditTest.CONTRACT);
            Files.writeString(repo.resolve("src/com/acme/Cache.java"), AuditTest.CACHE);
            Files.writeString(repo.resolve("src/com/acme/Db.java"), AuditTest.DB);
            Files.writeString(repo.resolve("src/com/acme/Products.java"), AuditTest.PRODUCTS_GUARDED);
            for (int i = 1; i <= commits; i++) {
                Files.writeString(repo.resolve("src/com/acme/Stock.java"), i % 2 == 0 ? AuditTest.STOCK_TAKE_LEAKS : AuditTest.STOCK_OK);
                git.add().addFilepattern(".").call();
                PersonIdent who = new PersonIdent("T", "t@example.com",
                        Instant.parse("2026-01-01T08:00:00Z").plusSeconds(3600L * i), ZoneOffset.UTC);
                ids.add(git.commit().setMessage("c" + i).setAuthor(who).setCommitter(who).setSign(false).call().name());
            }
        }
        return ids;
    }

    Cli audit(String... options) {
        List<String> args = new ArrayList<>(List.of("audit", repo.toString(), "--history", tmp.resolve("h.db").toString(), "--progress",
                "plain", "--format", "json", "--output", tmp.resolve("out").toString()));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    List<String> audited() throws IOException {
        List<String> commits = new ArrayList<>();
        new ObjectMapper().readTree(tmp.resolve("out/archgov-trend.json").toFile()).path("points")
                .forEach(p -> commits.add(p.path("commit").asText() + " " + p.path("status").asText()));
        return commits;
    }

    /** Shards build disjoint commits into one history; the audit after them builds nothing and has the whole trend. */
    @Test
    void shardsShareTheWorkAndALastAuditWritesTheWholeTrendWithoutBuilding() throws IOException {
        Cli first = audit("--shard", "1/2");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err()).contains("2 left to the other shards; 3 to build");
        assertThat(audited()).containsExactly(ids.get(0) + " analysed", ids.get(2) + " analysed", ids.get(4) + " analysed");
        Cli second = audit("--shard", "2/2");
        assertThat(second.err()).contains("3 already recorded", "; 2 to build");
        Cli whole = audit();
        assertThat(whole.err()).contains("5 already recorded", "; 0 to build");
        assertThat(audited()).hasSize(5).allSatisfy(p -> assertThat(p).endsWith(" analysed"));
        Cli bad = audit("--shard", "3/2");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--shard 3/2: give K/N with 1 <= K <= N");
        assertThat(audit("--shard", "half").err()).contains("--shard 'half' is not K/N");
    }

    @Test
    void everyKthCommitCountingBackFromTheNewest() throws IOException {
        Cli run = audit("--every", "2");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(0) + " analysed", ids.get(2) + " analysed", ids.get(4) + " analysed");
    }

    @Test
    void aRangeIsTheCommitsAfterAUpToB() throws IOException {
        assertThat(audit("--range", ids.get(1) + ".." + ids.get(3)).exit()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(2) + " analysed", ids.get(3) + " analysed");
    }

    @Test
    void onlyTheFirstParentChainIsWalkedNotTheCommitsOfAMergedBranch() throws Exception {
        String feature;
        String merge;
        try (Git git = Git.open(repo.toFile())) {
            git.checkout().setCreateBranch(true).setName("feature").setStartPoint(ids.get(2)).call();
            Files.writeString(repo.resolve("src/com/acme/Orders.java"), "package com.acme;\npublic class Orders { }\n");
            git.add().addFilepattern(".").call();
            feature = git.commit().setMessage("f1 on the branch").setSign(false).call().name();
            git.checkout().setName("main").call();
            merge = git.merge().include(git.getRepository().resolve("feature")).setFastForward(MergeCommand.FastForwardMode.NO_FF)
                    .setMessage("merge feature").call().getNewHead().name();
        }
        assertThat(audit("--last", "10").exit()).isEqualTo(ExitCodes.OK);
        List<String> commits = audited().stream().map(p -> p.split(" ")[0]).toList();
        assertThat(commits).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3), ids.get(4), merge).doesNotContain(feature);
        assertThat(audit("--range", ids.get(3) + "..main").exit()).isEqualTo(ExitCodes.OK);
        assertThat(audited().stream().map(p -> p.split(" ")[0]).toList()).containsExactly(ids.get(4), merge);
    }

    @Test
    void sinceADayTakesTheCommitsFromThatDayOnAndNoneBefore() throws IOException {
        assertThat(audit("--since", "2026-01-01", "--every", "4").exit()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(0) + " analysed", ids.get(4) + " analysed");
        assertThat(audit("--since", "2026-01-02").err()).contains("no commit selected");
    }

    @Test
    void onePerDayTakesTheNewestOfTheDay() throws IOException {
        assertThat(audit("--per", "day").exit()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(4) + " analysed");
    }

    @Test
    void aBuildThatOutlivesTheTimeoutIsKilledRecordedAndTheAuditGoesOn() throws IOException {
        Cli run = audit("--last", "2", "--build", "sleep 30", "--timeout", "1s");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(3) + " timeout", ids.get(4) + " timeout");
        assertThat(run.err()).contains("build timed out after").contains("2 builds failed");
        assertThat(run.out()).doesNotContain("Exception");
    }

    @Test
    void classesElsewhereAreFoundWithDashDashClassesAndAWrongPlaceIsAGapNotACrash() throws IOException {
        String build = "mkdir -p out && '" + AuditTest.JAVAC + "' -d out $(find src -name '*.java')";
        assertThat(audit("--last", "1", "--build", build, "--classes", "out").exit()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(4) + " analysed");

        Cli wrong = audit("--last", "2", "--build", build, "--classes", "nowhere");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(3) + " no-classes", ids.get(4) + " analysed");
        assertThat(wrong.err()).contains("built, but nothing to analyse (recorded): the build left no nowhere");
    }

    @Test
    void executableBitsAreKeptAndSubmodulesAreLeftOutWithANotice() throws Exception {
        Path library = tmp.resolve("library");
        try (Git lib = Git.init().setDirectory(library.toFile()).setInitialBranch("main").call()) {
            Files.writeString(library.resolve("README"), "a library\n");
            lib.add().addFilepattern(".").call();
            lib.commit().setMessage("lib").setSign(false).call();
        }
        try (Git git = Git.open(repo.toFile())) {
            Files.writeString(repo.resolve("build.sh"), "#!/bin/sh\nset -e\ntest ! -e lib/README\n" + AuditTest.BUILD + "\n");
            repo.resolve("build.sh").toFile().setExecutable(true);
            git.add().addFilepattern("build.sh").call();
            git.submoduleAdd().setURI(library.toUri().toString()).setPath("lib").call().close();
            ids.add(git.commit().setMessage("c6 build script and a submodule").setSign(false).call().name());
        }
        Cli run = audit("--last", "1", "--build", "./build.sh");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(5) + " analysed"); // ./build.sh ran: its executable bit was kept
        assertThat(run.err()).contains("notice: " + ids.get(5).substring(0, 12) + ": submodule not exported", ": lib");
    }

    @Test
    void aTreeTheFileSystemRefusesIsAGapNotTheEndOfTheAudit() throws Exception {
        String refused;
        try (Git git = Git.open(repo.toFile()); var inserter = git.getRepository().newObjectInserter();
             var walk = new RevWalk(git.getRepository())) {
            // a file name longer than any file system allows (git itself does not care)
            var blob = inserter.insert(Constants.OBJ_BLOB, "x".getBytes());
            var tree = new TreeFormatter();
            tree.append("n".repeat(300), FileMode.REGULAR_FILE, blob);
            var commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            commit.setParentId(git.getRepository().resolve("HEAD"));
            var who = new PersonIdent("T", "t@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("c6 a name too long");
            var id = inserter.insert(commit);
            inserter.flush();
            var update = git.getRepository().updateRef("refs/heads/main");
            update.setNewObjectId(id);
            update.forceUpdate();
            refused = id.name();
        }
        Cli run = audit("--last", "2");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(audited()).containsExactly(ids.get(4) + " analysed", refused + " export-failed");
        assertThat(run.err()).contains("its tree could not be exported (recorded)");
    }

    @Test
    void badInputIsOneLineAndTheRightExitCode() throws IOException {
        assertThat(audit("--every", "2", "--per", "week").err()).contains("--every=K, --per=PERIOD are mutually exclusive");
        assertThat(audit("--per", "year").exit()).isEqualTo(ExitCodes.USAGE);
        Cli zero = audit("--timeout", "0");
        assertThat(zero.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("a timeout must be longer than zero");
        assertThat(audit("--since", "2999-01-01").err()).contains("no commit selected");
        assertThat(audit("--range", "nonsense").err()).contains("--range: 'nonsense' is not A..B");
        Cli unknown = audit("--branch", "no-such-branch");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(unknown.err()).contains("unknown branch or commit 'no-such-branch'").hasLineCount(1);

        Files.writeString(repo.resolve("archgov.yaml"), "version: 1\nname: x\nextends: [builtin:lock]\nbuild: [1, 2]\n");
        Cli invalid = audit();
        assertThat(invalid.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(invalid.err()).contains("archgov.yaml:4:").doesNotContain("building");

        Path plain = Files.createDirectories(tmp.resolve("not-git"));
        Files.writeString(plain.resolve("archgov.yaml"), AuditTest.CONTRACT);
        Cli noGit = Cli.run("audit", plain.toString());
        assertThat(noGit.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noGit.err()).contains("not in a git repository");
        assertThat(Files.exists(tmp.resolve("out/archgov-trend.json"))).as("nothing written for bad input").isFalse();
    }

    @Test
    void theTextSummaryNamesRegressionsAndFailedBuilds() {
        Cli run = Cli.run("audit", repo.toString(), "--history", tmp.resolve("h.db").toString(), "--progress", "none");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("over 5 commits: 5 analysed", "regression " + ids.get(1).substring(0, 12) + " c2",
                "1 new finding (LOCK-01)");
        assertThat(run.err()).doesNotContain("[1/");
    }
}
