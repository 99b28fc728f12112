package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No rule passes by checking nothing: a selector the team wrote that matches no analysed class (a simple annotation
 * name where the fully qualified one is needed, a moved package) fails its rule with a finding at the selector's line in
 * the contract, in every format, unless the rule says {@code allowEmpty: true}; a bundled pack's own selectors (the HTTP
 * clients of builtin:generic, in a code base without any) are not held to that.
 */
class EmptySelectorsTest {
    @TempDir
    Path root;
    @TempDir
    Path out;

    private static final String[] SOURCES = {"""
            package org.springframework.stereotype;
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            public @interface Controller {}
            """, """
            package com.acme.repo;
            public class OrderRepository {
                public String all() { return ""; }
            }
            """, """
            package com.acme.web;
            @org.springframework.stereotype.Controller
            public class OrderController {
                public String list() { return new com.acme.repo.OrderRepository().all(); }
            }
            """};

    private static String contract(String allowEmpty) {
        return """
                version: 1
                name: shop
                extends: [builtin:generic]
                analyze:
                  classes: [build/classes]
                  sources: [src]
                rules:
                  - id: WEB-01
                    kind: forbidden-dependency
                    severity: major
                %s
                    params:
                      from:
                        - annotatedWith: [org.springframework.web.bind.annotation.RestController]
                      to:
                        - packages: ["..repo.."]
                        - packages: ["..persistance.."]
                """.formatted(allowEmpty);
    }

    @Test
    void aWrittenSelectorThatMatchesNothingFailsItsRuleAtTheSelectorsLine() throws IOException {
        new JavacProject(root).withContract(contract(""));
        compile(SOURCES);
        Cli run = Cli.run("check", root.toString(), "--format", "json,text,sarif,junit", "--output", out.toString(), "--no-cache");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.VIOLATED);
        JsonNode report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        JsonNode rule = null;
        for (JsonNode r : report.path("rules")) {
            if (r.path("id").asText().equals("WEB-01")) {
                rule = r;
            }
        }
        assertThat(rule).isNotNull();
        assertThat(rule.path("unmatched")).extracting(JsonNode::asText).hasSize(2)
                .allSatisfy(u -> assertThat(u).matches("(from\\[0\\]|to\\[1\\]): .*"));
        assertThat(report.path("findings")).filteredOn(f -> f.path("ruleId").asText().equals("WEB-01")).hasSize(2)
                .allSatisfy(f -> {
                    assertThat(f.path("path").asText()).endsWith("archgov.yaml");
                    assertThat(f.path("line").asInt()).isGreaterThan(1);
                    assertThat(f.path("detail").asText()).contains("matches no analysed class", "allowEmpty: true");
                });
        // the bundled pack's HTTP-client selectors match nothing here, and are not findings
        assertThat(report.path("findings")).noneMatch(f -> f.path("ruleId").asText().startsWith("GEN-"));
        assertThat(Files.readString(out.resolve("archgov-report.txt"))).contains("WEB-01", "matches no analysed class");
        assertThat(Files.readString(out.resolve("archgov.sarif"))).contains("matches no analysed class");
        assertThat(Files.readString(out.resolve("archgov-junit.xml"))).contains("<failure", "matches no analysed class");
    }

    @Test
    void allowEmptyAcceptsItAndTheReportsStillNameIt() throws IOException {
        new JavacProject(root).withContract(contract("    allowEmpty: true"));
        compile(SOURCES);
        Cli run = Cli.run("check", root.toString(), "--format", "json,text", "--output", out.toString(), "--no-cache");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve("archgov-report.txt"))).contains("matches nothing in the analysed code", "WEB-01 to[1]");
    }

    /** validate says it first, as warnings at the selectors' lines, when the classes are built; the contract itself is valid. */
    @Test
    void validateWarnsAboutThemWhenTheClassesAreBuilt() throws IOException {
        new JavacProject(root).withContract(contract(""));
        compile(SOURCES);
        Cli run = Cli.run("validate", root.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid contract 'shop'");
        assertThat(run.err().lines().filter(l -> l.contains(": warning: rule WEB-01: selector ")).toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l).matches(".*archgov\\.yaml:\\d+:\\d+: warning: rule WEB-01: selector (from\\[0\\]|to\\[1\\]).*"));
        assertThat(Cli.run("validate", root.toString(), "--no-paths").err()).doesNotContain("warning"); // before a build: not judged

        new JavacProject(root).withContract(contract("    allowEmpty: true"));
        assertThat(Cli.run("validate", root.toString()).err()).doesNotContain("warning");
    }

    /** Writes each source under {@code src/} by its package and class name and compiles them all to {@code build/classes}. */
    private void compile(String... sources) throws IOException {
        List<String> args = new ArrayList<>(List.of("-d", JavacProject.emptied(root.resolve("build/classes")).toString()));
        for (String source : sources) {
            Matcher pkg = Pattern.compile("package ([\\w.]+);").matcher(source);
            Matcher type = Pattern.compile("(?:class|interface|@interface) (\\w+)").matcher(source);
            assertThat(pkg.find() && type.find()).isTrue();
            Path file = root.resolve("src/" + pkg.group(1).replace('.', '/') + "/" + type.group(1) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            args.add(file.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new))).as(err.toString()).isZero();
    }
}
