package dev.archgov.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installable archive (built in the package phase, run by failsafe afterwards): unpacked outside the repository, its
 * {@code bin/archgov} runs from another directory and through a symlink, with the Java of {@code JAVA_HOME}; the zip
 * holds the same files.
 */
class DistributionIT {
    static Path tarGz;
    static Path zip;

    @BeforeAll
    static void findTheArchives() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().matches("archgov-.+\\.(tar\\.gz|zip)")).sorted().toList();
            tarGz = archives.stream().filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
            zip = archives.stream().filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
    }

    @Test
    void theUnpackedArchiveChecksAProjectFromAnotherDirectoryAndThroughASymlink(@TempDir Path install, @TempDir Path elsewhere) throws Exception {
        assertThat(run(List.of("tar", "xzf", tarGz.toAbsolutePath().toString(), "-C", install.toString()), install, Map.of()).exit()).isZero();
        Path home;
        try (Stream<Path> dirs = Files.list(install)) {
            home = dirs.filter(d -> d.getFileName().toString().startsWith("archgov-")).findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/archgov")).isExecutable();
        assertThat(home.resolve("lib/archgov.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License");
        Path link = Files.createSymbolicLink(elsewhere.resolve("archgov"), home.resolve("bin/archgov"));
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "XDG_CACHE_HOME", elsewhere.resolve("cache").toString());

        Result version = run(List.of(link.toString(), "--version"), elsewhere, env);
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).contains("archgov");

        Path shop = Path.of("../examples/shop").toAbsolutePath().normalize();
        Path out = elsewhere.resolve("out");
        Result check = run(List.of(link.toString(), "check", shop.toString(), "--no-cache", "--format", "json", "--output", out.toString()),
                elsewhere, env);
        assertThat(check.exit()).as(check.output()).isEqualTo(1); // the shop's marked violations
        assertThat(out.resolve("archgov-report.json")).content().contains("\"LOCK-01\"");
        Result again = run(List.of(link.toString(), "validate", shop.toString()), elsewhere, env); // with the class-data archive made by the first run
        assertThat(again.exit()).as(again.output()).isZero();
    }

    @Test
    void theZipHoldsTheSameFiles() throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = z.stream().map(e -> e.getName().replaceFirst("^archgov-[^/]+/", "")).toList();
            assertThat(names).contains("bin/archgov", "bin/archgov.bat", "lib/archgov.jar", "LICENSE", "README.md");
            String bat = new String(z.getInputStream(z.stream().filter(e -> e.getName().endsWith("bin/archgov.bat")).findFirst().orElseThrow())
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bat).contains("\r\n").contains("lib\\archgov.jar");
        }
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
    }
}
