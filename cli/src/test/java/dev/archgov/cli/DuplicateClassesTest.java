package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two analysed class directories that hold the same class name (modules with a copied class): the import keeps one
 * copy per name, so the other's code would go unchecked without a word. The run names the clash in every format and
 * marks itself incomplete.
 */
class DuplicateClassesTest {
    @TempDir
    Path root;
    @TempDir
    Path out;

    @Test
    void aClassInTwoModulesIsNamedAndTheRunIsIncomplete() throws IOException {
        compile("a", "package com.acme; public class Shared { public int v() { return 1; } }");
        compile("b", "package com.acme; public class Shared { public int v() { return 2; } }");
        compile("b", "package com.acme; public class Only { }");
        Files.writeString(root.resolve("archgov.yaml"), """
                version: 1
                name: modules
                extends: [builtin:lock]
                analyze:
                  classes: [a/classes, b/classes]
                """);
        Cli run = Cli.run("check", root.toString(), "--format", "json,text,markdown", "--output", out.toString(), "--no-cache");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode target = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile()).path("target");
        assertThat(target.path("duplicates")).hasSize(1);
        assertThat(target.path("duplicates").get(0).asText()).startsWith("com.acme.Shared is in both ")
                .contains("a/classes", "b/classes", "one copy is analysed");
        assertThat(Files.readString(out.resolve("archgov-report.txt"))).contains("warning: left out, a second copy of a class: com.acme.Shared",
                "incomplete: 1 second copy of a class name left out");
        assertThat(Files.readString(out.resolve("archgov-summary.md"))).contains("**Warning**: left out, a second copy of a class: com.acme.Shared");
    }

    private void compile(String module, String source) throws IOException {
        String name = source.replaceAll("(?s).*public class (\\w+).*", "$1");
        Path src = root.resolve(module + "/src/com/acme/" + name + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(root.resolve(module + "/classes"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
    }
}
