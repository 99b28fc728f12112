package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.testing.MarkerHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The example shop is the acceptance test: its findings are exactly its {@code // expect:} markers. */
class ShopAcceptanceTest {
    static final Path SHOP = Path.of("../examples/shop");
    static Report report;

    @BeforeAll
    static void analyseShop() {
        report = Archgov.check(SHOP.resolve("archgov.yaml"), new CheckRunner.Options(Severity.MINOR, LocalDate.of(2026, 1, 1), true));
    }

    @Test
    void findingsAreExactlyTheMarkedLines() {
        MarkerHarness.Result result = MarkerHarness.compare(SHOP, report, Set.of()); // sources and configuration files
        result.assertMatches();
        assertThat(result.expected()).isGreaterThanOrEqualTo(12);
    }

    /**
     * Without the target's jars every Spring, Redisson and Curator type is an ArchUnit stub (RLock is not known to be
     * a Lock, stereotypes carry no meta-annotations): the known APIs are matched by name, so nothing changes.
     */
    @Test
    void sameFindingsWithoutTheTargetClasspath(@TempDir Path dir) throws IOException {
        String contract = Files.readString(SHOP.resolve("archgov.yaml"))
                .replace("classpath: [target/lib]", "classpath: []")
                .replace("classes: [target/classes]", "classes: [" + SHOP.resolve("target/classes").toAbsolutePath() + "]")
                .replace("sources: [src/main/java]", "sources: [" + SHOP.resolve("src/main/java").toAbsolutePath() + "]")
                .replace(CONFIG, absoluteConfig());
        assertThat(contract).contains("classpath: []");
        Path file = Files.writeString(dir.resolve("archgov.yaml"), contract);
        Report stubs = Archgov.check(file, new CheckRunner.Options(Severity.MINOR, LocalDate.of(2026, 1, 1), true));
        assertThat(stubs.findings()).extracting(f -> f.ruleId() + " " + f.line() + " " + f.element() + " " + f.fingerprint())
                .containsExactlyElementsOf(report.findings().stream().map(f -> f.ruleId() + " " + f.line() + " " + f.element() + " " + f.fingerprint()).toList());
    }

    static final String CONFIG = "config: [src/main/resources, deploy]";

    /** The shop's configuration paths, absolute, for a contract written elsewhere. */
    static String absoluteConfig() {
        return "config: [" + SHOP.resolve("src/main/resources").toAbsolutePath() + ", " + SHOP.resolve("deploy").toAbsolutePath() + "]";
    }

    /** The shop packaged as a jar gives the same findings as its class directory. */
    @Test
    void analysesJars(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("shop.jar");
        Path classes = SHOP.resolve("target/classes");
        try (var out = new JarOutputStream(Files.newOutputStream(jar));
             var files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        String contract = Files.readString(SHOP.resolve("archgov.yaml"))
                .replace("classes: [target/classes]", "classes: [" + jar + "]")
                .replace("classpath: [target/lib]", "classpath: [" + SHOP.resolve("target/lib").toAbsolutePath() + "]")
                .replace("sources: [src/main/java]", "sources: [" + SHOP.resolve("src/main/java").toAbsolutePath() + "]")
                .replace(CONFIG, absoluteConfig());
        Report fromJar = Archgov.check(Files.writeString(dir.resolve("archgov.yaml"), contract),
                new CheckRunner.Options(Severity.MINOR, LocalDate.of(2026, 1, 1), true));
        assertThat(fromJar.target().classes()).isEqualTo(report.target().classes());
        assertThat(fromJar.findings()).extracting(f -> f.ruleId() + " " + f.line() + " " + f.element())
                .containsExactlyElementsOf(report.findings().stream().map(f -> f.ruleId() + " " + f.line() + " " + f.element()).toList());
    }

    @Test
    void everyDomainRuleHasAtLeastTwoViolatingCases() {
        for (String rule : List.of("LOCK-01", "LOCK-02", "LOCK-03", "LOCK-04", "LOCK-05", "LOCK-06", "LOCK-07",
                "CACHE-01", "CACHE-02", "CACHE-03", "CACHE-04", "CACHE-05",
                "POOL-01", "POOL-02", "POOL-03", "POOL-04", "POOL-05", "POOL-06", "POOL-07", "POOL-08",
                "SAGA-01", "SAGA-02", "SAGA-03", "SAGA-04", "SAGA-05", "SAGA-06")) {
            assertThat(report.findings()).as(rule).filteredOn(f -> f.ruleId().equals(rule)).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void restTemplateInControllerIsReportedWithRepositoryRelativePathAndLine() {
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("GEN-HTTP-01");
            assertThat(f.path()).endsWith("examples/shop/src/main/java/com/example/shop/web/OrderController.java");
            assertThat(f.line()).isEqualTo(31);
            assertThat(f.element()).isEqualTo("com.example.shop.web.OrderController.carrierStatus(long)");
            assertThat(f.target()).startsWith("org.springframework.web.client.RestTemplate.getForObject(");
            assertThat(f.fingerprint()).hasSize(32);
        });
    }

    @Test
    void evaluationIsDeterministicSequentialOrParallel() {
        Report sequential = Archgov.check(SHOP.resolve("archgov.yaml"), new CheckRunner.Options(Severity.MINOR, LocalDate.of(2026, 1, 1), false));
        assertThat(sequential.findings()).isEqualTo(report.findings());
    }

    @Test
    void suppressionExpiresOnItsDate() {
        Report later = Archgov.check(SHOP.resolve("archgov.yaml"), new CheckRunner.Options(Severity.MINOR, LocalDate.of(2100, 1, 1), true));
        assertThat(later.suppressed()).isEmpty();
        assertThat(later.findings()).anySatisfy(f -> assertThat(f.className()).isEqualTo("com.example.shop.web.LegacyExportController"));
        assertThat(later.notices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("expired");
            assertThat(n.at()).contains("archgov.yaml:");
        });
    }

    @Test
    void mainCommandPrintsTheFindingsAndExits1() {
        Cli run = Cli.run("check", SHOP.toString(), "--color=never");
        assertThat(run.exit()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(run.out())
                .contains("GEN-HTTP-01  critical")
                .contains("examples/shop/src/main/java/com/example/shop/web/OrderController.java:31")
                .contains("1 finding suppressed by the contract")
                .contains("FAILED: ");
        assertThat(run.err()).isEmpty();
    }
}
