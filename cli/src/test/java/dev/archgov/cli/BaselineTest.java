package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A legacy code base adopts a contract with a baseline: known findings do not fail, new ones do, fixed ones show as
 * stale. Fingerprints survive line shifts, reformatting and rewording of the rule, and change when the offending
 * member changes.
 */
class BaselineTest {
    static final String LEAKING = """
            package com.acme;
            import java.util.concurrent.locks.ReentrantLock;
            public class Stock {
                private final ReentrantLock lock = new ReentrantLock();
                private int count = 10;
                public void take() { lock.lock(); check(); count--; lock.unlock(); }
                void check() { if (count < 0) throw new IllegalStateException(); }
            }
            """;
    static final String SHIFTED_AND_REFORMATTED = """
            package com.acme;

            import java.util.concurrent.locks.ReentrantLock;

            /** Stock, now documented: every line of take() moved. */
            public class Stock {
                private final ReentrantLock lock = new ReentrantLock();

                private int count = 10;

                void check() {
                    if (count < 0) {
                        throw new IllegalStateException();
                    }
                }

                public void take() {
                    lock.lock();
                    check();
                    count--;
                    lock.unlock();
                }
            }
            """;
    static final String RENAMED = LEAKING.replace("public void take()", "public void takeOne()");
    static final String FIXED = LEAKING.replace("lock.lock(); check(); count--; lock.unlock();",
            "lock.lock(); try { check(); count--; } finally { lock.unlock(); }");

    @TempDir
    Path dir;

    JsonNode check(String... extra) throws IOException {
        String[] args = new String[extra.length + 3];
        args[0] = "check";
        args[1] = dir.toString();
        args[2] = "--format=json";
        System.arraycopy(extra, 0, args, 3, extra.length);
        Cli run = Cli.run(args);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.exit()).isEqualTo(json.path("summary").path("passed").asBoolean() ? ExitCodes.OK : ExitCodes.VIOLATED);
        return json;
    }

    @Test
    void knownFindingsPassNewOnesFailFixedOnesAreStale() throws IOException {
        JavacProject project = new JavacProject(dir).withContract(JavacProject.CONTRACT);
        project.write(LEAKING);
        assertThat(check().path("summary").path("passed").asBoolean()).isFalse();

        Cli baseline = Cli.run("baseline", dir.toString());
        assertThat(baseline.exit()).isEqualTo(ExitCodes.OK);
        Path file = dir.resolve("archgov-baseline.json");
        assertThat(Files.readString(file)).contains("\"ruleId\" : \"LOCK-01\"", "Stock.take()");
        String withBaseline = file.toString();

        JsonNode known = check("--baseline", withBaseline);
        assertThat(known.path("summary").path("passed").asBoolean()).isTrue();
        assertThat(known.path("findings")).isEmpty();
        assertThat(known.path("baselined")).hasSize(1);

        project.write(SHIFTED_AND_REFORMATTED);
        JsonNode shifted = check("--baseline", withBaseline);
        assertThat(shifted.path("baselined")).singleElement().satisfies(f -> assertThat(f.path("line").asInt()).isEqualTo(18));
        assertThat(shifted.path("summary").path("passed").asBoolean()).isTrue();

        project.withContract(JavacProject.CONTRACT + "rules:\n  - id: LOCK-01\n    message: Locks must be released, reworded\n");
        JsonNode reworded = check("--baseline", withBaseline);
        assertThat(reworded.path("baselined")).hasSize(1);
        assertThat(reworded.path("summary").path("passed").asBoolean()).isTrue();

        project.write(RENAMED);
        JsonNode renamed = check("--baseline", withBaseline);
        assertThat(renamed.path("summary").path("passed").asBoolean()).isFalse();
        assertThat(renamed.path("findings")).singleElement().satisfies(f -> assertThat(f.path("element").asText()).endsWith("takeOne()"));
        assertThat(renamed.path("staleBaseline")).singleElement().satisfies(e -> assertThat(e.path("element").asText()).endsWith("take()"));

        project.write(FIXED);
        JsonNode fixed = check("--baseline", withBaseline);
        assertThat(fixed.path("summary").path("passed").asBoolean()).isTrue();
        assertThat(fixed.path("staleBaseline")).hasSize(1);
        assertThat(Cli.run("check", dir.toString(), "--baseline", withBaseline, "--color=never").out())
                .contains("1 baseline entry no longer occurs");
    }

    @Test
    void aBrokenBaselineIsAOneLineUsageError() throws IOException {
        new JavacProject(dir).withContract(JavacProject.CONTRACT).write(LEAKING);
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"not\": \"a baseline\"}");
        Cli run = Cli.run("check", dir.toString(), "--baseline", broken.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("archgov: " + broken + ": not an archgov baseline (expected schemaVersion 1.x and a findings list)");
    }
}
