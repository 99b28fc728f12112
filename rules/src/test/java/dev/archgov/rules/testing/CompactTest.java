package dev.archgov.rules.testing;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.testing.MarkerHarness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A compact per-kind test in the Error Prone manner: small Java sources written in the test, compiled with javac,
 * analysed with one bundled pack, and compared with their {@code // expect: RULE-ID} markers (exactly the marked lines
 * are reported: the violating idioms, and never their correct twins). Library types the rules know by name
 * (Spring's {@code @Transactional}, Redisson's {@code RLock} …) are declared as minimal stubs beside the sources.
 */
public final class CompactTest {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern TYPE = Pattern.compile("(?m)^(?:public |final |abstract )*(?:class|interface|@interface|enum|record) (\\w+)");

    private final Path dir;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> packs = new ArrayList<>();

    private CompactTest(Path dir) {
        this.dir = dir;
    }

    /** A test in {@code dir} (a JUnit {@code @TempDir}) analysed with the bundled {@code pack}s (e.g. {@code lock}). */
    private final StringBuilder contractTail = new StringBuilder();
    private final Map<String, String> resources = new TreeMap<>();

    public static CompactTest of(Path dir, String... packs) {
        CompactTest t = new CompactTest(dir);
        t.packs.addAll(List.of(packs));
        return t;
    }

    /** Adds one compilation unit (package and type name are read from it; no type: the package's package-info). */
    public CompactTest source(String code) {
        Matcher p = PACKAGE.matcher(code);
        Matcher t = TYPE.matcher(code);
        boolean packageInfo = !t.find();
        if (packageInfo && !code.contains("@")) {
            throw new IllegalArgumentException("no type declared in:\n" + code);
        }
        String path = (p.find() ? p.group(1).replace('.', '/') + "/" : "") + (packageInfo ? "package-info" : t.group(1)) + ".java";
        sources.put(path, code);
        return this;
    }

    /** Adds a resource file (a build copies resources next to the classes: {@code statelang/order.json}). */
    public CompactTest resource(String path, String content) {
        resources.put(path, content);
        return this;
    }

    /**
     * Adds a configuration file ({@code legacy/application.yml}, {@code k8s/app.yaml}) under {@code src/config}, which the
     * contract then names in {@code analyze.config}; its {@code # expect:} markers count like the sources'.
     */
    public CompactTest config(String path, String content) {
        configs.put(path, content);
        return this;
    }

    private final Map<String, String> configs = new TreeMap<>();

    /** Adds YAML to the contract after the packs and the analysed classes (a {@code rules:} section setting params, say). */
    public CompactTest contract(String yaml) {
        contractTail.append(yaml.endsWith("\n") ? yaml : yaml + "\n");
        return this;
    }

    /** Compiles, analyses and returns the report. */
    public Report check() {
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            Path classes = Files.createDirectories(dir.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-g", "-proc:none", "--release", "17", "-d", classes.toString()));
            for (var e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            if (javac.run(null, null, err, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("javac failed:\n" + err);
            }
            for (var e : resources.entrySet()) {
                Path file = classes.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
            }
            for (var e : configs.entrySet()) {
                Path file = src.resolve("config").resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
            }
            Path contract = Files.writeString(dir.resolve("archgov.yaml"), "version: 1\nname: compact\nextends: ["
                    + String.join(", ", packs.stream().map(p -> "builtin:" + p).toList()) + "]\nanalyze:\n  classes: [classes]\n  sources: [src]\n"
                    + (configs.isEmpty() ? "" : "  config: [src/config]\n") + contractTail);
            return Archgov.check(contract, new CheckRunner.Options(Severity.INFO, LocalDate.of(2026, 1, 1), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks and asserts that the findings of the given rules are exactly the lines marked with them, and that at least
     * {@code expected} lines are marked (a test that marks nothing proves nothing).
     */
    public Report assertMarkersOf(int expected, String... ruleIds) {
        Report report = check();
        MarkerHarness.Result result = MarkerHarness.compare(dir.resolve("src"), report, Set.of(ruleIds));
        result.assertMatches();
        if (result.expected() < expected) {
            throw new AssertionError("only " + result.expected() + " marked lines, expected at least " + expected);
        }
        return report;
    }
}
