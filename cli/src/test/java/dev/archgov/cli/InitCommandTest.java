package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code init} then {@code check}, nothing else: a drafted contract that finds the shop's violations. */
class InitCommandTest {
    static final Path SHOP = Path.of("../examples/shop");

    @Test
    void twoCommandsOnTheShopFindItsLockCachePoolSagaAndLayeringViolations(@TempDir Path dir, @TempDir Path out) throws IOException {
        copy(SHOP.resolve("src"), dir.resolve("src"));
        copy(SHOP.resolve("target/classes"), dir.resolve("target/classes"));
        copy(SHOP.resolve("target/lib"), dir.resolve("target/lib"));
        Files.copy(SHOP.resolve("pom.xml"), dir.resolve("pom.xml"));

        Cli init = Cli.run("init", dir.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("(Maven)", "web > service > client > repository > domain", "generic, lock, cache, pool, saga", "first check:");
        String yaml = Files.readString(dir.resolve("archgov.yaml"));
        assertThat(yaml).contains("builtin:lock", "# uses org.redisson.api.RLock", "classpath: [\"target/lib\"]", "kind: layers");

        Cli check = Cli.run("check", dir.toString(), "--no-cache", "--format", "json", "--output", out.toString());
        assertThat(check.exit()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        Set<String> prefixes = new HashSet<>();
        report.path("findings").forEach(f -> prefixes.add(f.path("ruleId").asText().replaceAll("-\\d+$", "")));
        assertThat(prefixes).contains("LOCK", "CACHE", "POOL", "SAGA", "LAYERS", "GEN-HTTP");
    }

    @Test
    void anExistingContractIsReplacedOnlyWithForce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("archgov.yaml"), "version: 1\nname: mine\n");
        Cli refused = Cli.run("init", dir.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("archgov.yaml exists").contains("--force");
        assertThat(Files.readString(dir.resolve("archgov.yaml"))).contains("name: mine");
        Files.createDirectories(dir.resolve("src/main/java/com/acme/web"));
        Files.writeString(dir.resolve("src/main/java/com/acme/web/A.java"), "package com.acme.web; class A {}");
        Cli forced = Cli.run("init", dir.toString(), "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("first check: not run").contains("next: build the project");
        assertThat(Files.readString(dir.resolve("archgov.yaml"))).contains("classes: [\"target/classes\"]");
    }

    @Test
    void aMultiModuleBuildGetsEveryModulesClassesByGlob(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        for (String module : new String[] {"orders", "billing"}) {
            copy(SHOP.resolve("target/classes/com/example/shop/domain"), dir.resolve(module + "/target/classes/com/example/shop/domain"));
            Files.createDirectories(dir.resolve(module + "/src/main/java"));
        }
        Cli init = Cli.run("init", dir.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(Files.readString(dir.resolve("archgov.yaml"))).contains("classes: [\"*/target/classes\"]", "sources: [\"*/src/main/java\"]");
        assertThat(init.out()).contains("first check:");
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }
}
