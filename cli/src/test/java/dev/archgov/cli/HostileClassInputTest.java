package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile class input: a class file that cannot be read never makes a check pass. The class with the violation is
 * damaged in each way a build or a copy can damage it; archgov refuses the run (exit 3) and names the file.
 */
class HostileClassInputTest {
    @TempDir
    Path root;
    Path stock;

    @BeforeEach
    void leakingStock() throws IOException {
        new JavacProject(root).withContract(JavacProject.CONTRACT).write(BaselineTest.LEAKING);
        stock = root.resolve("build/classes/com/acme/Stock.class");
        assertThat(Cli.run("check", root.toString(), "--no-cache").exit()).as("the intact class violates").isEqualTo(ExitCodes.VIOLATED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "truncated to 9 bytes", "truncated in half", "truncated by one byte", "wrong magic number",
            "unsupported version"})
    void aDamagedClassFileIsARuntimeFailureNamingIt(String damage) throws IOException {
        byte[] bytes = Files.readAllBytes(stock);
        byte[] damaged = switch (damage) {
            case "empty" -> new byte[0];
            case "truncated to 9 bytes" -> Arrays.copyOf(bytes, 9);
            case "truncated in half" -> Arrays.copyOf(bytes, bytes.length / 2);
            case "truncated by one byte" -> Arrays.copyOf(bytes, bytes.length - 1);
            case "wrong magic number" -> withByte(bytes, 0, (byte) 0xCB);
            case "unsupported version" -> withByte(bytes, 6, (byte) 0x7F);
            default -> throw new IllegalArgumentException(damage);
        };
        Files.write(stock, damaged);
        Cli run = Cli.run("check", root.toString(), "--no-cache");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.err()).contains("Stock.class").contains("unreadable").doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("PASSED");
    }

    @Test
    void aDamagedEntryOfAnAnalysedJarIsARuntimeFailureNamingIt() throws IOException {
        Path jar = root.resolve("build/stock.jar");
        byte[] bytes = Files.readAllBytes(stock);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("com/acme/Stock.class"));
            out.write(bytes, 0, bytes.length / 2);
            out.closeEntry();
        }
        Files.writeString(root.resolve("archgov.yaml"), JavacProject.CONTRACT.replace("classes: [build/classes]", "classes: [build/stock.jar]"));
        Cli run = Cli.run("check", root.toString(), "--no-cache");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.err()).contains("stock.jar!/com/acme/Stock.class", "truncated or corrupt");
    }

    /** A violation in a multi-release jar's versioned class is what a JVM of that release runs: it is analysed. */
    @Test
    void aMultiReleaseJarIsAnalysedAsTheTargetsReleaseSeesIt() throws IOException {
        byte[] leaking = Files.readAllBytes(stock);
        new JavacProject(root).write(BaselineTest.FIXED);
        byte[] fixed = Files.readAllBytes(stock);
        Path jar = root.resolve("build/stock-mr.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Multi-Release"), "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("com/acme/Stock.class"));
            out.write(fixed);
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/versions/11/com/acme/Stock.class"));
            out.write(leaking);
            out.closeEntry();
        }
        String contract = JavacProject.CONTRACT.replace("classes: [build/classes]", "classes: [build/stock-mr.jar]");
        Files.writeString(root.resolve("archgov.yaml"), contract);
        Cli highest = Cli.run("check", root.toString(), "--no-cache");
        assertThat(highest.exit()).as("by default the highest release's class: " + highest.out() + highest.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(highest.out()).contains("LOCK-01");

        Files.writeString(root.resolve("archgov.yaml"), contract.replace("  sources: [src]", "  sources: [src]\n  release: 9"));
        Cli nine = Cli.run("check", root.toString(), "--no-cache");
        assertThat(nine.exit()).as("release 9 runs the base class: " + nine.out() + nine.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void anUnreadableClassInAnExcludedPackageIsLeftOutNotRefused() throws IOException {
        Path junk = root.resolve("build/classes/com/acme/generated/Junk.class");
        Files.createDirectories(junk.getParent());
        Files.write(junk, new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2});
        Cli refused = Cli.run("check", root.toString(), "--no-cache");
        assertThat(refused.exit()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(refused.err()).contains("Junk.class", "analyze.exclude");

        Files.writeString(root.resolve("archgov.yaml"), JavacProject.CONTRACT.replace("  sources: [src]", "  sources: [src]\n  exclude: [\"com.acme.generated..\"]"));
        Cli run = Cli.run("check", root.toString(), "--no-cache");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.VIOLATED);
    }

    /** The opt-in: an unreadable class is left out, said in every format, and the run is marked incomplete. */
    @Test
    void withOnUnreadableWarnTheRunGoesOnIncompleteAndEveryFormatSaysSo() throws Exception {
        Path junk = root.resolve("build/classes/com/acme/Junk.class");
        Files.write(junk, new byte[0]);
        Files.writeString(root.resolve("archgov.yaml"), JavacProject.CONTRACT.replace("  sources: [src]", "  sources: [src]\n  onUnreadable: warn"));
        Path out = root.resolve("out");
        Cli run = Cli.run("check", root.toString(), "--no-cache", "--color=never", "-f", "text,json,markdown,sarif,junit,github", "-o", out.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(run.out()).contains("warning: left out, unreadable (analyze.onUnreadable: warn): ", "Junk.class: empty",
                "incomplete: 1 unreadable class file left out");
        JsonNode json = new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile());
        assertThat(json.path("summary").path("incomplete").asBoolean()).isTrue();
        assertThat(json.path("target").path("unreadable").get(0).asText()).contains("Junk.class");
        assertThat(Files.readString(out.resolve("archgov-summary.md"))).contains("incomplete", "**Warning**: left out, unreadable");
        assertThat(Files.readString(out.resolve("archgov-junit.xml"))).contains("name=\"incomplete\" value=\"true\"");
        assertThat(Files.readString(out.resolve("archgov-github.txt"))).startsWith("::warning title=archgov%3A incomplete run::");
        JsonNode sarif = new ObjectMapper().readTree(out.resolve("archgov.sarif").toFile());
        assertThat(sarif.path("runs").get(0).path("invocations").get(0).path("toolExecutionNotifications").get(0)
                .path("message").path("text").asText()).contains("Junk.class");
    }

    @Test
    void aWellFormedClassUnderAnotherPathIsNotRefused() throws IOException {
        // a misplaced copy declares its own name: it is imported under that name, and nothing is unreadable
        Path copy = root.resolve("build/classes/com/acme/old/StockCopy.class");
        Files.createDirectories(copy.getParent());
        Files.copy(stock, copy);
        Cli run = Cli.run("check", root.toString(), "--no-cache");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.VIOLATED);
    }

    private static byte[] withByte(byte[] bytes, int at, byte value) {
        byte[] copy = bytes.clone();
        copy[at] = value;
        return copy;
    }
}
