package dev.archgov.engine.testing;

import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.SuppressedFinding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares a report with marker comments in the analysed sources, the way Error Prone tests its checks: every line
 * that must be reported carries {@code // expect: RULE-ID[, RULE-ID…]}, every line whose finding must be suppressed
 * by the contract carries {@code // suppressed: RULE-ID}. Configuration files (YAML, properties; outside
 * {@code target/} and {@code build/}) carry {@code # expect: RULE-ID} — in a properties file on the comment line
 * above the entry, since a value runs to the end of its line. The expected set is exactly the marked lines: a marker
 * nobody reported and a report nobody marked are both failures. For rule-kind authors as much as for archgov.
 */
public final class MarkerHarness {
    private static final Pattern MARKER = Pattern.compile("//\\s*(expect|suppressed):\\s*([A-Za-z0-9_.\\-]+(?:\\s*,\\s*[A-Za-z0-9_.\\-]+)*)");
    /** In YAML and properties files: {@code # expect: RULE-ID} (in properties, on the comment line above the entry). */
    private static final Pattern CONFIG_MARKER = Pattern.compile("[#!]\\s*(expect|suppressed):\\s*([A-Za-z0-9_.\\-]+(?:\\s*,\\s*[A-Za-z0-9_.\\-]+)*)");

    /** One (file, line, rule) triple; {@code file} is relative to the source root, with {@code /}. */
    public record Mark(String file, int line, String ruleId) implements Comparable<Mark> {
        @Override
        public int compareTo(Mark o) {
            int c = file.compareTo(o.file);
            if (c == 0) {
                c = Integer.compare(line, o.line);
            }
            return c != 0 ? c : ruleId.compareTo(o.ruleId);
        }

        @Override
        public String toString() {
            return file + ":" + line + " " + ruleId;
        }
    }

    /** The outcome: what was marked but not reported, and reported but not marked. */
    public record Result(Set<Mark> missed, Set<Mark> unexpected, Set<Mark> missedSuppressed, Set<Mark> unexpectedSuppressed,
                         int expected) {
        public boolean matches() {
            return missed.isEmpty() && unexpected.isEmpty() && missedSuppressed.isEmpty() && unexpectedSuppressed.isEmpty();
        }

        public void assertMatches() {
            if (!matches()) {
                StringBuilder sb = new StringBuilder("findings do not match the markers");
                missed.forEach(m -> sb.append("\n  marked but not reported:     ").append(m));
                unexpected.forEach(m -> sb.append("\n  reported but not marked:     ").append(m));
                missedSuppressed.forEach(m -> sb.append("\n  marked suppressed, but not:  ").append(m));
                unexpectedSuppressed.forEach(m -> sb.append("\n  suppressed but not marked:   ").append(m));
                throw new AssertionError(sb.toString());
            }
        }
    }

    private MarkerHarness() {
    }

    /**
     * @param sourceRoot the root of the analysed sources
     * @param report     the report of a run over their compiled classes
     * @param ruleIds    only findings and markers of these rules count (empty: all)
     */
    public static Result compare(Path sourceRoot, Report report, Set<String> ruleIds) {
        Set<Mark> expected = new TreeSet<>();
        Set<Mark> expectedSuppressed = new TreeSet<>();
        scan(sourceRoot, expected, expectedSuppressed);
        Set<Mark> actual = new TreeSet<>();
        for (Finding f : report.findings()) {
            actual.add(new Mark(relative(f.path(), sourceRoot), f.line(), f.ruleId()));
        }
        Set<Mark> actualSuppressed = new TreeSet<>();
        for (SuppressedFinding s : report.suppressed()) {
            actualSuppressed.add(new Mark(relative(s.finding().path(), sourceRoot), s.finding().line(), s.finding().ruleId()));
        }
        if (!ruleIds.isEmpty()) {
            for (Set<Mark> set : List.of(expected, expectedSuppressed, actual, actualSuppressed)) {
                set.removeIf(m -> !ruleIds.contains(m.ruleId()));
            }
        }
        return new Result(minus(expected, actual), minus(actual, expected), minus(expectedSuppressed, actualSuppressed),
                minus(actualSuppressed, expectedSuppressed), expected.size() + expectedSuppressed.size());
    }

    private static void scan(Path sourceRoot, Set<Mark> expected, Set<Mark> suppressed) {
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(p -> marked(sourceRoot, p)).sorted().toList()) {
                String rel = sourceRoot.relativize(file).toString().replace('\\', '/');
                boolean properties = rel.endsWith(".properties");
                Pattern marker = rel.endsWith(".java") ? MARKER : CONFIG_MARKER;
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = marker.matcher(lines.get(i));
                    while (m.find()) {
                        // a properties value runs to the end of its line: its marker is a comment line above it
                        int line = properties ? nextEntry(lines, i) : i + 1;
                        for (String id : m.group(2).split("\\s*,\\s*")) {
                            (m.group(1).equals("expect") ? expected : suppressed).add(new Mark(rel, line, id.trim()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java sources, and the configuration files the checkpoints read (YAML, properties), outside build output. */
    private static boolean marked(Path root, Path p) {
        String name = p.getFileName().toString();
        if (!(name.endsWith(".java") || name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties"))) {
            return false;
        }
        Path rel = root.relativize(p);
        for (int i = 0; i + 1 < rel.getNameCount(); i++) {
            String part = rel.getName(i).toString();
            if (part.equals("target") || part.equals("build") || part.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /** The 1-based line of the first entry after the comment at {@code index}. */
    private static int nextEntry(List<String> lines, int index) {
        for (int j = index + 1; j < lines.size(); j++) {
            String t = lines.get(j).strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("!")) {
                return j + 1;
            }
        }
        return index + 1;
    }

    /** A report path (repository-relative) as a path relative to the source root, when it lies under it. */
    private static String relative(String reportPath, Path sourceRoot) {
        String root = sourceRoot.toAbsolutePath().normalize().toString().replace('\\', '/');
        for (int cut = reportPath.indexOf('/'); cut >= 0; cut = reportPath.indexOf('/', cut + 1)) {
            String prefix = reportPath.substring(0, cut);
            if (root.endsWith("/" + prefix) || root.equals(prefix)) {
                return reportPath.substring(cut + 1);
            }
        }
        return reportPath;
    }

    private static Set<Mark> minus(Set<Mark> a, Set<Mark> b) {
        Set<Mark> r = new TreeSet<>(a);
        r.removeAll(b);
        return r;
    }

    /** Markers found, for reporting how many cases a run covered. */
    public static List<Mark> markers(Path sourceRoot) {
        Set<Mark> expected = new TreeSet<>();
        Set<Mark> suppressed = new TreeSet<>();
        scan(sourceRoot, expected, suppressed);
        List<Mark> all = new ArrayList<>(expected);
        all.addAll(suppressed);
        return all;
    }
}
