package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.git.GitNotes;
import org.assertj.core.data.Offset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real git repository, built with JGit: each commit changes the code, which is compiled and checked with
 * {@code check --record}. The stored scores and deltas, branches, detached HEAD, dirty trees and the no-repository
 * case are asserted through the CLI, as a user would see them.
 */
class HistoryIntegrationTest {
    static final String CLEAN = """
            package com.acme;
            import java.util.concurrent.locks.ReentrantLock;
            public class Stock {
                private final ReentrantLock lock = new ReentrantLock();
                private int count = 10;
                public void take() {
                    lock.lock();
                    try { count--; } finally { lock.unlock(); }
                }
            }
            """;
    static final String LEAKS = CLEAN.replace("try { count--; } finally { lock.unlock(); }", "check(); count--; lock.unlock();")
            .replace("public void take() {", "void check() { if (count < 0) throw new IllegalStateException(); }\n    public void take() {");
    static final String UNCHECKED_TRYLOCK = CLEAN.replace("lock.lock();", "lock.tryLock();");

    @TempDir
    Path repo;
    Git git;
    JavacProject project;

    @BeforeEach
    void init() throws Exception {
        git = JavacProject.initRepository(repo);
        project = new JavacProject(repo).withContract(JavacProject.CONTRACT);
    }

    RevCommit commit(String source, String message) throws Exception {
        return project.commit(git, source, message);
    }

    void write(String source) throws IOException {
        project.write(source);
    }

    void compile() throws IOException {
        project.compile();
    }

    JsonNode checkAndRecord() throws IOException {
        Path out = Files.createTempDirectory(repo.getParent(), "out");
        Cli run = Cli.run("check", repo.toString(), "--record", "--format=json", "--output", out.toString(), "--color=never");
        assertThat(run.exit()).as(run.err()).isIn(ExitCodes.OK, ExitCodes.VIOLATED);
        return new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
    }

    @Test
    void recordsScoresAndDeltasAlongTheHistory() throws Exception {
        RevCommit c1 = commit(CLEAN, "clean");
        JsonNode r1 = checkAndRecord();
        assertThat(r1.path("score").path("overall").asDouble()).isEqualTo(100.0);
        assertThat(r1.has("delta")).isFalse();
        assertThat(r1.path("git").path("commit").asText()).isEqualTo(c1.name());
        assertThat(r1.path("git").path("branch").asText()).isEqualTo("main");
        assertThat(r1.path("git").path("dirty").asBoolean()).isFalse();
        assertThat(repo.resolve(".archgov/history.db")).isRegularFile();

        RevCommit c2 = commit(LEAKS, "leak the lock");
        JsonNode r2 = checkAndRecord();
        double s2 = r2.path("score").path("overall").asDouble();
        assertThat(s2).isLessThan(100.0);
        assertThat(r2.path("delta").path("againstCommit").asText()).isEqualTo(c1.name());
        assertThat(r2.path("delta").path("overall").asDouble()).isEqualTo(s2 - 100.0, Offset.offset(0.01));
        assertThat(r2.path("findings")).anySatisfy(f -> assertThat(f.path("ruleId").asText()).isEqualTo("LOCK-01"));

        RevCommit c3 = commit(CLEAN, "fix the leak");
        JsonNode r3 = checkAndRecord();
        assertThat(r3.path("score").path("overall").asDouble()).isEqualTo(100.0);
        assertThat(r3.path("delta").path("againstCommit").asText()).isEqualTo(c2.name());
        assertThat(r3.path("delta").path("overall").asDouble()).isEqualTo(100.0 - s2, Offset.offset(0.01));

        // re-recording the same commit replaces its report
        checkAndRecord();
        Cli history = Cli.run("history", repo.toString(), "--format=json");
        assertThat(history.exit()).isEqualTo(ExitCodes.OK);
        JsonNode entries = new ObjectMapper().readTree(history.out());
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).path("commit").asText()).isEqualTo(c3.name());

        // a branch: delta against its fork point
        git.checkout().setCreateBranch(true).setName("feature").call();
        RevCommit c4 = commit(UNCHECKED_TRYLOCK, "try the lock");
        JsonNode r4 = checkAndRecord();
        assertThat(r4.path("git").path("branch").asText()).isEqualTo("feature");
        assertThat(r4.path("delta").path("againstCommit").asText()).isEqualTo(c3.name());
        assertThat(Cli.run("history", repo.toString(), "--branch", "feature", "--format=json").out()).contains(c4.name()).doesNotContain(c3.name());

        // detached HEAD at c2: delta against c1
        git.checkout().setName(c2.name()).call();
        compile();
        JsonNode r5 = checkAndRecord();
        assertThat(r5.path("git").path("detached").asBoolean()).isTrue();
        assertThat(r5.path("git").path("branch").asText()).isEmpty();
        assertThat(r5.path("delta").path("againstCommit").asText()).isEqualTo(c1.name());

        // table and CSV listings, and re-rendering a stored report
        Cli table = Cli.run("history", repo.toString());
        assertThat(table.out()).contains("COMMIT", "SCORE", "DELTA", c4.name().substring(0, 12), "feature", "(detached)");
        Cli csv = Cli.run("history", repo.toString(), "--format=csv");
        assertThat(csv.out().lines().findFirst().orElseThrow()).contains("commit", "score", "delta");
        assertThat(csv.out().lines()).hasSize(5);
        Cli rendered = Cli.run("report", c2.name().substring(0, 10), repo.toString(), "--color=never");
        assertThat(rendered.exit()).as(rendered.err()).isEqualTo(ExitCodes.OK);
        assertThat(rendered.out()).contains("Health", "LOCK-01", "src/com/acme/Stock.java:");
    }

    @Test
    void dirtyTreeIsFlaggedAndComparedWithItsOwnCommit() throws Exception {
        RevCommit c1 = commit(CLEAN, "clean");
        checkAndRecord();
        write(LEAKS);
        Cli run = Cli.run("check", repo.toString(), "--format=json");
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("git").path("dirty").asBoolean()).isTrue();
        assertThat(report.path("git").path("dirtyFiles")).extracting(JsonNode::asText).contains("src/com/acme/Stock.java");
        assertThat(report.path("delta").path("againstCommit").asText()).isEqualTo(c1.name());
        assertThat(report.path("delta").path("overall").asDouble()).isNegative();
    }

    @Test
    void notesCarryTheOneLineSummary() throws Exception {
        RevCommit c1 = commit(CLEAN, "clean");
        Cli run = Cli.run("check", repo.toString(), "--record", "--notes", "--color=never");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(GitNotes.read(repo, c1.name())).startsWith("archgov 100.0 A lock 100.0");
        assertThat(git.status().call().isClean()).isTrue();
    }

    @Test
    void withoutGitEverythingElseWorks(@TempDir Path plain) throws Exception {
        commit(CLEAN, "clean");
        Files.copy(repo.resolve("archgov.yaml"), plain.resolve("archgov.yaml"));
        Files.createDirectories(plain.resolve("src/com/acme"));
        Files.copy(repo.resolve("src/com/acme/Stock.java"), plain.resolve("src/com/acme/Stock.java"));
        try (Stream<Path> files = Files.walk(repo.resolve("build"))) {
            for (Path f : files.toList()) {
                Path target = plain.resolve(repo.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Cli run = Cli.run("check", plain.toString(), "--record", "--color=never");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("no git repository", "Health 100.0 (A)");
        assertThat(plain.resolve(".archgov/history.db")).isRegularFile();
        Cli again = Cli.run("check", plain.toString(), "--format=json");
        assertThat(new ObjectMapper().readTree(again.out()).path("delta").path("overall").asDouble()).isZero();
        Cli listed = Cli.run("history", plain.toString());
        assertThat(listed.exit()).as(listed.err()).isEqualTo(ExitCodes.OK);
        assertThat(listed.out()).contains("(no commit)", "100.0 A").doesNotContain("no recorded reports");
    }

    @Test
    void corruptedHistoryIsARuntimeFailureAndStaysUntouched() throws Exception {
        commit(CLEAN, "clean");
        Path db = repo.resolve(".archgov/history.db");
        Files.createDirectories(db.getParent());
        Files.writeString(db, "not a database".repeat(200));
        Cli run = Cli.run("check", repo.toString(), "--record");
        assertThat(run.exit()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.err().lines()).singleElement().satisfies(line ->
                assertThat(line).startsWith("archgov: error: ").contains("history.db", "not a readable SQLite database"));
        assertThat(Files.readString(db)).isEqualTo("not a database".repeat(200));
    }
}
