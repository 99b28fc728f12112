package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code analyze.maven: true} on a fresh two-module reactor (module b depends on module a, a on picocli; nothing
 * installed, no target/lib): the contract names no classes and no classpath, yet both modules are analysed and a rule
 * that needs picocli's class hierarchy (b's exception extends picocli's ParameterException, a RuntimeException only
 * through the jar) finds its class. The plugins and picocli are the versions archgov's own build uses, so Maven finds
 * them in the local repository.
 */
class BuildClasspathTest {
    @TempDir
    Path root;
    @TempDir
    Path out;
    @TempDir
    Path cache;

    private static final String CONTRACT = """
            version: 1
            name: reactor
            analyze:
              maven: true
            rules:
              - id: EXCEPTIONS
                kind: naming-and-annotation
                params:
                  classes: { assignableTo: [java.lang.RuntimeException], packages: ["x.."] }
                  nameMatches: ".*Exception"
            """;

    @Test
    void aReactorIsAnalysedWithTheClasspathMavenGives() throws IOException {
        reactor(root);
        Cli run = Cli.run("check", root.toString(), "--format", "json", "--output", out.toString(), "--no-cache");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        assertThat(report.path("target").path("classes").asInt()).isEqualTo(2); // x.a.Helper and x.b.Bad
        assertThat(report.path("findings")).hasSize(1);
        assertThat(report.path("findings").get(0).path("class").asText()).isEqualTo("x.b.Bad");
    }

    /**
     * The build's answer is kept in the cache directory, relative to the project: the same project in another directory
     * (an audit's checkout) is answered without running its build — its ./mvnw here would fail the run.
     */
    @Test
    void theAnswerIsKeptByTheBuildFilesContent(@TempDir Path copy) throws IOException {
        reactor(root);
        Report first = Archgov.check(root.resolve("archgov.yaml"), options());
        assertThat(first.findings()).extracting(Finding::className).containsExactly("x.b.Bad");
        try (Stream<Path> kept = Files.list(cache.resolve("build-classpath"))) {
            assertThat(kept.toList()).hasSize(1);
        }
        InitCommandTest.copy(root, copy);
        Path mvnw = copy.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\necho 'the build ran' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Report again = Archgov.check(copy.resolve("archgov.yaml"), options());
        assertThat(again.findings()).extracting(Finding::className).containsExactly("x.b.Bad");
        assertThat(again.findings().get(0).path()).doesNotContain(root.toString());
    }

    /** A build that fails is one line naming the pom, the command and Maven's first error, and exit 3 (the run could not analyse). */
    @Test
    void aFailingBuildIsOneLineWithMavensError() throws IOException {
        reactor(root);
        Files.writeString(root.resolve("b/src/main/java/x/b/Broken.java"), "package x.b; public class Broken { int }\n");
        Cli run = Cli.run("check", root.toString(), "--no-cache");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err().strip().lines().filter(l -> l.contains("analyze.maven")).findFirst()).hasValueSatisfying(line -> assertThat(line)
                .contains(root.resolve("pom.xml").toString(), "analyze.maven", "failed (exit 1)", "ERROR"));
    }

    private CheckRunner.Options options() {
        return new CheckRunner.Options(Severity.MINOR, LocalDate.now(), true, Optional.of(cache));
    }

    /** Root aggregator, module a (uses picocli), module b (depends on a); plugins pinned to archgov's own. */
    static void reactor(Path dir) throws IOException {
        write(dir, "pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>x</groupId><artifactId>root</artifactId><version>1</version><packaging>pom</packaging>
                  <modules><module>a</module><module>b</module></modules>
                  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                  <build><pluginManagement><plugins>
                    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin>
                    <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                  </plugins></pluginManagement></build>
                </project>
                """);
        write(dir, "a/pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>x</groupId><artifactId>root</artifactId><version>1</version></parent><artifactId>a</artifactId>
                  <dependencies><dependency><groupId>info.picocli</groupId><artifactId>picocli</artifactId><version>4.7.7</version></dependency></dependencies>
                </project>
                """);
        write(dir, "b/pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>x</groupId><artifactId>root</artifactId><version>1</version></parent><artifactId>b</artifactId>
                  <dependencies><dependency><groupId>x</groupId><artifactId>a</artifactId><version>1</version></dependency></dependencies>
                </project>
                """);
        write(dir, "a/src/main/java/x/a/Helper.java", "package x.a; public class Helper { public picocli.CommandLine line() { return null; } }\n");
        write(dir, "b/src/main/java/x/b/Bad.java", """
                package x.b;
                public class Bad extends picocli.CommandLine.ParameterException {
                    public Bad() { super(new x.a.Helper().line(), "bad"); }
                }
                """);
        write(dir, "archgov.yaml", CONTRACT);
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
