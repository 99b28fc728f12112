package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.imports.AnalysisInputException;
import dev.archgov.engine.report.Report;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the two untrusted inputs archgov parses: class files (bit flips, overwritten bytes, truncation of the class
 * with the violation) and contract YAML (structure-aware mutations of a full contract). Every case ends in a report or
 * in archgov's own one-line error, never another exception; and a class that cannot be read never yields a pass.
 * The seeds are fixed so that every build runs the same 1,000 cases of each (a build is reproducible); to explore
 * further, run with other seeds ({@code -Djqwik.seeds.whenfixed=ALLOW} and a changed {@code seed}).
 */
class HostileFuzzTest {
    static Path root;
    static byte[] stock;

    static final String CONTRACT = """
            version: 1
            name: fuzz
            extends: [builtin:lock]
            analyze:
              classes: [build/classes]
              sources: [src]
              exclude: ["com.acme.generated.."]
            layers:
              web: ["com.acme.web.."]
              core: ["com.acme.."]
            rules:
              - id: FUZZ-LAYERS
                kind: layers
                severity: critical
                params: { order: [web, core] }
              - id: FUZZ-DEP
                kind: forbidden-dependency
                params:
                  from: [{ packages: ["com.acme.web.."], nameMatching: ".*Controller" }]
                  to: [{ classes: ["java.net.**"] }]
              - id: LOCK-01
                severity: blocker
            suppressions:
              - rule: FUZZ-*
                where: com.acme.Legacy*
                reason: moves out in Q3
                expires: 2030-01-31
            scoring:
              severityWeights: { critical: 12, info: 0 }
              categoryWeights: { lock: 2 }
            gate:
              failOnNew: major
              minScore: 40
            """;

    @BeforeContainer
    static void project() throws IOException {
        root = Files.createTempDirectory("archgov-fuzz-");
        new JavacProject(root).withContract(CONTRACT).write(BaselineTest.LEAKING);
        stock = Files.readAllBytes(root.resolve("build/classes/com/acme/Stock.class"));
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- class files -------------------------------------------------------------------------------------------

    record Damage(String kind, int at, int value) {
    }

    @Provide
    Arbitrary<Damage> damages() {
        return Combinators.combine(Arbitraries.of("flip", "overwrite", "truncate"), Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 255)).as(Damage::new);
    }

    static byte[] apply(Damage d) {
        int at = d.at() % stock.length;
        return switch (d.kind()) {
            case "flip" -> {
                byte[] b = stock.clone();
                b[at] ^= (byte) (1 << (d.value() % 8));
                yield b;
            }
            case "overwrite" -> {
                byte[] b = stock.clone();
                b[at] = (byte) d.value();
                yield b;
            }
            default -> Arrays.copyOf(stock, at);
        };
    }

    @Property(tries = 1000, seed = "20261129")
    void aDamagedClassEndsInAReportOrARefusalAndNeverInAPassUnlessItIsStillAClass(@ForAll("damages") Damage damage) throws IOException {
        byte[] bytes = apply(damage);
        Files.write(root.resolve("build/classes/com/acme/Stock.class"), bytes);
        try {
            Report report = Archgov.check(root.resolve("archgov.yaml"), new CheckRunner.Options(Severity.MINOR, LocalDate.of(2026, 6, 1), false));
            assertThat(damage.kind()).as("a truncated class is never analysed").isNotEqualTo("truncate");
            if (report.findings().isEmpty()) {
                new ClassReader(bytes).accept(new ClassNode(), 0); // passing is right only for a class that still reads
            }
        } catch (AnalysisInputException refused) { // exit 3 with one line that says why (a damaged file is named)
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("\n");
            if (damage.kind().equals("truncate")) {
                assertThat(refused.getMessage()).contains("Stock.class");
            }
        }
    }

    // ---- contracts --------------------------------------------------------------------------------------------

    static final List<String> TOKENS = List.of("", "-1", "1e309", "[]", "{}", "null", "~", "&a x", "*a", "!!python/object:os.system x",
            "<<: *a", "\"\\u0000\\u001b]0;x\\u0007\"", "x".repeat(5000), "'", "\"", "- - -", "? x", "| ", "@x", "`", "%YAML 1.1",
            "2026-13-45", "..", "(.*.){12}Z", "builtin:nope", "../../../../etc/passwd", "yes", "0x1F", ".inf", "{a: [b, {c: d}]}");

    record Mutation(String op, int line, int other, int token) {
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.of("delete", "duplicate", "swap", "indent", "dedent", "value", "insert"),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, TOKENS.size() - 1)).as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    static String mutate(List<Mutation> mutations) {
        List<String> lines = new ArrayList<>(CONTRACT.lines().toList());
        for (Mutation m : mutations) {
            int i = m.line() % lines.size();
            int j = m.other() % lines.size();
            String token = TOKENS.get(m.token());
            switch (m.op()) {
                case "delete" -> lines.remove(i);
                case "duplicate" -> lines.add(i, lines.get(i));
                case "swap" -> {
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                case "indent" -> lines.set(i, "  " + lines.get(i));
                case "dedent" -> lines.set(i, lines.get(i).replaceFirst("^ {1,2}", ""));
                case "value" -> {
                    String line = lines.get(i);
                    int colon = line.indexOf(": ");
                    lines.set(i, colon < 0 ? line + " " + token : line.substring(0, colon + 2) + token);
                }
                default -> lines.add(i, " ".repeat(2 * (m.other() % 4)) + "k" + m.other() + ": " + token);
            }
            if (lines.isEmpty()) {
                lines.add(token);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    @Property(tries = 1000, seed = "20261129")
    void aMutatedContractLoadsOrIsRefusedWithPositionedProblemsOnly(@ForAll("mutations") List<Mutation> mutations) throws IOException {
        Path file = root.resolve("mutated.yaml");
        Files.writeString(file, mutate(mutations));
        try {
            Archgov.contract(file);
        } catch (ContractException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.pos().toString()).startsWith(file.toString());
                assertThat(p.message()).isNotBlank().doesNotContain("\n", "\u001b");
            });
        }
    }
}
