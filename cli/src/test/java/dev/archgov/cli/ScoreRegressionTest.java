package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The four measured cases that made score v1 meaningless, on small inline projects: each now behaves as score v2's
 * properties say (see README "Health score").
 */
class ScoreRegressionTest {
    @TempDir
    Path root;
    @TempDir
    Path out;

    static final String CONTRACT = """
            version: 1
            name: regressions
            analyze:
              classes: [build/classes]
              sources: [src]
            rules:
              - id: WEB-DB-01
                kind: forbidden-dependency
                severity: critical
                category: %s
                message: web classes never touch the database directly
                params:
                  from: [{ packages: ["com.acme.web.."] }]
                  to: [{ packages: ["com.acme.db.."] }]
            """;

    static final String DB = "package com.acme.db; public class Db { public static int query() { return 1; } }";

    static String compliant(int i) {
        return "package com.acme.web; public class Page" + i + " { public int show() { return " + i + "; } }";
    }

    static String violating(int i, int calls) {
        StringBuilder body = new StringBuilder();
        for (int c = 0; c < calls; c++) {
            body.append("\n    public int read").append(c).append("() {\n        return com.acme.db.Db.query();\n    }");
        }
        return "package com.acme.web;\npublic class Leak" + i + " {" + body + "\n}\n";
    }

    /** Writes the sources (simple name to text) under src/, compiles all of them to build/classes, writes the contract. */
    void project(Map<String, String> sources, String category) throws IOException {
        Path src = JavacProject.emptied(root.resolve("src"));
        List<String> args = new ArrayList<>(List.of("-g", "-d", root.resolve("build/classes").toString()));
        for (var e : sources.entrySet()) {
            String pkg = e.getValue().substring("package ".length(), e.getValue().indexOf(';')).replace('.', '/');
            Path file = src.resolve(pkg).resolve(e.getKey() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavacProject.emptied(root.resolve("build/classes"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new))).as(err.toString()).isZero();
        Files.writeString(root.resolve("archgov.yaml"), CONTRACT.formatted(category));
    }

    static Map<String, String> classes(int compliant, int leaks, int callsEach) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Db", DB);
        for (int i = 0; i < compliant; i++) {
            sources.put("Page" + i, compliant(i));
        }
        for (int i = 0; i < leaks; i++) {
            sources.put("Leak" + i, violating(i, callsEach));
        }
        return sources;
    }

    JsonNode check(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", root.toString(), "--format", "text,json", "--output", out.toString(),
                "--color=never", "--no-cache"));
        args.addAll(List.of(extra));
        Cli run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.out() + run.err()).isIn(ExitCodes.OK, ExitCodes.VIOLATED);
        return new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
    }

    @Test
    void fifteenCriticalFindingsInALargeCodeBaseAreNoLongerAHealthyScore() throws IOException {
        // measured: 761 classes, 15 critical findings, score v1 95.1 (95 % of the rule's classes compliant)
        project(classes(285, 15, 1), "layering");
        JsonNode report = check();
        assertThat(report.path("rules").get(0).path("compliance").asDouble()).as("the v1 input: 95 %% compliant").isEqualTo(0.95);
        assertThat(report.path("scoreVersion").asInt()).isEqualTo(2);
        // 15 × 10 points: 100 × e^(−1) × 0.9
        assertThat(report.path("score").path("overall").asDouble()).isEqualTo(33.11);
        assertThat(report.path("score").path("band").asText()).isEqualTo("E");
    }

    @Test
    void categoriesThatCheckedNothingAreNotApplicableInsteadOfPerfect() throws IOException {
        // measured: a TCC service failing every saga rule scored 94.6, because the categories with nothing in scope scored 100
        Files.createDirectories(root);
        project(classes(0, 3, 1), "saga");
        Files.writeString(root.resolve("archgov.yaml"), CONTRACT.formatted("saga").replace("analyze:",
                "extends: [builtin:lock, builtin:cache, builtin:pool]\nanalyze:"));
        JsonNode report = check();
        assertThat(report.path("score").path("notApplicable")).extracting(JsonNode::asText).contains("lock", "cache", "pool");
        assertThat(report.path("score").path("categories").fieldNames()).toIterable().containsExactly("saga");
        assertThat(report.path("score").path("overall").asDouble()).as("3 criticals: 100 × e^(−30/150) × 0.9").isEqualTo(73.69);
        assertThat(Files.readString(out.resolve("archgov-report.txt"))).contains("Health 73.7 (C)", "lock n/a", "saga 73.7",
                "checked nothing (no class in their scope; n/a): LOCK-01");
        assertThat(report.path("rules")).anySatisfy(r -> assertThat(r.path("applicable").asBoolean()).isFalse())
                .anySatisfy(r -> assertThat(r.path("applicable").asBoolean()).isTrue());

        // nothing passes by checking nothing: --strict refuses a run in which a rule checked nothing
        Cli strict = Cli.run("check", root.toString(), "--strict", "--no-cache");
        assertThat(strict.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(strict.err()).contains("archgov: error: --strict: checked nothing", "LOCK-01");
    }

    @Test
    void fixingOneCriticalFindingOfAClassThatKeepsAnotherRaisesTheScore() throws Exception {
        // measured: fixing a critical lock finding moved the score by +0.0 because the class still had another finding
        try (Git git = JavacProject.initRepository(root)) {
            project(classes(20, 1, 2), "lock");
            commitAll(git, "two critical calls in one class");
            JsonNode before = check("--record");
            project(classes(20, 1, 1), "lock");
            commitAll(git, "fix one of them");
            JsonNode after = check("--record");
            double raised = after.path("score").path("overall").asDouble() - before.path("score").path("overall").asDouble();
            assertThat(raised).isGreaterThanOrEqualTo(0.5);
            assertThat(after.path("delta").path("overall").asDouble()).isCloseTo(raised, within(0.01));
            JsonNode cause = after.path("delta").path("cause");
            assertThat(cause.path("fixedCount").asInt()).isEqualTo(1);
            assertThat(cause.path("newCount").asInt()).isZero();
            assertThat(cause.path("fixedFindings").asDouble()).isCloseTo(raised, within(0.01));
        }
    }

    @Test
    void aPullRequestAddingCriticalFindingsAndCompliantCodeLowersTheScoreAndTheGateSaysWhy() throws Exception {
        // measured: 3 new critical layering findings plus compliant classes showed "score 69.6 (+7.7)"
        try (Git git = JavacProject.initRepository(root)) {
            project(classes(10, 1, 1), "layering");
            commitAll(git, "main");
            assertThat(Cli.run("check", root.toString(), "--record", "--no-cache").exit()).isEqualTo(ExitCodes.VIOLATED);
            git.checkout().setCreateBranch(true).setName("feature").call();
            project(classes(200, 4, 1), "layering");
            commitAll(git, "three more leaks and a lot of compliant code");
            Cli gate = Cli.run("gate", root.toString(), "--base", "main", "--format", "text,json,markdown", "--output", out.toString(),
                    "--color=never", "--no-cache");
            JsonNode report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
            double delta = report.path("delta").path("overall").asDouble();
            assertThat(delta).as(gate.out() + gate.err()).isLessThanOrEqualTo(-0.5);
            assertThat(report.path("delta").path("cause").path("newCount").asInt()).isEqualTo(3);
            assertThat(report.path("delta").path("cause").path("newFindings").asDouble()).isCloseTo(delta, within(0.01));
            assertThat(gate.out()).containsPattern("score \\d+\\.\\d \\([A-E]\\) -\\d+\\.\\d: 3 new -\\d+\\.\\d");
            assertThat(Files.readString(out.resolve("archgov-summary.md"))).contains("Score change: 3 new -");
        }
    }

    static void commitAll(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        git.commit().setMessage(message).setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com").call();
    }
}
