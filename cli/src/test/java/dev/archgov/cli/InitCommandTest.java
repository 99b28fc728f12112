package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

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
        assertThat(yaml).contains("builtin:lock", "# uses org.redisson.api.RLock", "classpath: [\"target/lib\"]", "kind: layers",
                "builtin:checkpoints", "config: [\"src/main/resources\"]"); // its Spring settings: the configuration checkpoints

        Cli check = Cli.run("check", dir.toString(), "--no-cache", "--format", "json", "--output", out.toString());
        assertThat(check.exit()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        Set<String> prefixes = new HashSet<>();
        report.path("findings").forEach(f -> prefixes.add(f.path("ruleId").asText().replaceAll("-\\d+$", "")));
        assertThat(prefixes).contains("LOCK", "CACHE", "POOL", "SAGA", "LAYERS", "GEN-HTTP", "CFG");
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

    /**
     * Time to first result, scripted as a new user: a three-module Maven project built (here by javac, as mvn compile
     * would), then {@code init} and {@code check}, nothing else: the lock taken and released inside a transaction is
     * reported at its line.
     */
    @Test
    void aFreshMultiModuleProjectInTwoCommands(@TempDir Path dir, @TempDir Path stubs, @TempDir Path out) throws Exception {
        javac(stubs, List.of(), Map.of(
                "org/springframework/transaction/annotation/Transactional.java", """
                        package org.springframework.transaction.annotation;
                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                        public @interface Transactional {}
                        """,
                "org/redisson/api/RLock.java", "package org.redisson.api; public interface RLock { void lock(); void unlock(); }",
                "org/redisson/api/RedissonClient.java", "package org.redisson.api; public interface RedissonClient { RLock getLock(String name); }",
                "org/springframework/web/bind/annotation/RestController.java", """
                        package org.springframework.web.bind.annotation;
                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                        public @interface RestController {}
                        """));
        Files.writeString(dir.resolve("pom.xml"), "<project><modules><module>shop-domain</module><module>shop-service</module>"
                + "<module>shop-web</module></modules></project>");
        module(dir, "shop-domain", List.of(stubs), Map.of("com/acme/shop/domain/Order.java", """
                package com.acme.shop.domain;
                public class Order { public int stock; }
                """));
        module(dir, "shop-service", List.of(stubs, dir.resolve("shop-domain/target/classes")), Map.of("com/acme/shop/service/OrderService.java", """
                package com.acme.shop.service;
                import com.acme.shop.domain.Order;
                import org.redisson.api.RedissonClient;
                import org.springframework.transaction.annotation.Transactional;
                public class OrderService {
                    private RedissonClient redisson;
                    @Transactional
                    public void buy(Order order) {
                        var lock = redisson.getLock("stock");
                        lock.lock();
                        try {
                            order.stock--;
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                """));
        module(dir, "shop-web", List.of(stubs, dir.resolve("shop-domain/target/classes"), dir.resolve("shop-service/target/classes")),
                Map.of("com/acme/shop/web/OrderController.java", """
                        package com.acme.shop.web;
                        import com.acme.shop.domain.Order;
                        import com.acme.shop.service.OrderService;
                        @org.springframework.web.bind.annotation.RestController
                        public class OrderController {
                            private OrderService orders;
                            public void buy() { orders.buy(new Order()); }
                        }
                        """));

        assertThat(Cli.run("init", dir.toString()).exit()).isZero();
        Cli check = Cli.run("check", dir.toString(), "--no-cache", "--format", "json", "--output", out.toString());
        assertThat(check.exit()).as(check.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        assertThat(report.path("findings")).anySatisfy(f -> {
            assertThat(f.path("ruleId").asText()).isEqualTo("LOCK-02");
            assertThat(f.path("path").asText()).endsWith("shop-service/src/main/java/com/acme/shop/service/OrderService.java");
            assertThat(f.path("line").asInt()).isEqualTo(10);
        });
    }

    static void module(Path root, String name, List<Path> classpath, Map<String, String> sources) throws IOException {
        Path src = root.resolve(name + "/src/main/java");
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        Files.writeString(root.resolve(name).resolve("pom.xml"), "<project/>");
        javacFiles(root.resolve(name + "/target/classes"), classpath, sources.keySet().stream().map(src::resolve).toList());
    }

    static void javac(Path out, List<Path> classpath, Map<String, String> sources) throws IOException {
        Path src = Files.createTempDirectory(out, "src");
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        javacFiles(out, classpath, sources.keySet().stream().map(src::resolve).toList());
    }

    static void javacFiles(Path out, List<Path> classpath, List<Path> files) throws IOException {
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-g", "-proc:none", "-d", out.toString()));
        if (!classpath.isEmpty()) {
            args.addAll(List.of("-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList())));
        }
        files.forEach(f -> args.add(f.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new))).as(err.toString()).isZero();
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
