package dev.archgov.engine.workspace;

import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.imports.AnalysisInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code analyze.maven: true} and {@code analyze.gradle: true}: the target's own build names its modules' class
 * directories and their compile classpath, so a multi-module reactor needs no copied {@code target/lib} and no list of
 * modules. Maven runs {@code compile} and the dependency plugin's {@code build-classpath} once for the reactor (sibling
 * modules resolve to their class directories); Gradle runs a bundled init script. The answer is kept in the cache
 * directory, keyed by the build files' content, so later runs ask nobody until a build file changes. Nothing is written
 * into the analysed repository but what its build writes itself ({@code target/classes}, {@code build/classes}).
 */
public final class BuildClasspath {
    /** The dependency plugin that answers for Maven, pinned (the user's pom need not declare it). */
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final String CLASSES = "classes\t";
    private static final String CLASSPATH = "classpath\t";

    private BuildClasspath() {
    }

    /** The contract with the build's classes (when it gives none) and classpath; unchanged when no build is asked. */
    public static Contract resolve(Contract c, Optional<Path> cacheDir) {
        Analyze a = c.analyze();
        if (a.build() == Analyze.BuildTool.NONE) {
            return c;
        }
        Answer answer = answer(a.build(), c.baseDir().toAbsolutePath().normalize(), cacheDir);
        String label = a.build() == Analyze.BuildTool.MAVEN ? "analyze.maven" : "analyze.gradle";
        SourcePos pos = new SourcePos(c.file().toString(), 0, 0);
        List<PathEntry> classes = a.classes();
        if (classes.isEmpty()) {
            classes = answer.classes().stream().filter(Files::isDirectory).map(p -> entry(c.baseDir(), p, pos)).toList();
            if (classes.isEmpty()) {
                throw new AnalysisInputException(c.file() + ": " + label + ": the build names no module with compiled classes");
            }
        }
        Set<Path> analysed = new LinkedHashSet<>();
        classes.forEach(e -> analysed.add(e.path().toAbsolutePath().normalize()));
        Set<Path> seen = new LinkedHashSet<>();
        a.classpath().forEach(e -> seen.add(e.path().toAbsolutePath().normalize()));
        List<PathEntry> classpath = new ArrayList<>(a.classpath());
        for (Path p : answer.classpath()) {
            Path n = p.toAbsolutePath().normalize();
            if (!analysed.contains(n) && Files.exists(n) && seen.add(n)) { // a sibling module's classes are analysed, not a dependency
                classpath.add(entry(c.baseDir(), n, pos));
            }
        }
        return new Contract(c.file(), c.version(), c.name(), c.extendsRefs(), a.withPaths(classes, classpath), c.layers(), c.rules(),
                c.suppressions(), c.scoring(), c.gate(), c.hash(), c.files(), c.links());
    }

    private static PathEntry entry(Path base, Path p, SourcePos pos) {
        Path n = p.toAbsolutePath().normalize();
        String written = n.startsWith(base.toAbsolutePath().normalize()) ? base.toAbsolutePath().normalize().relativize(n).toString().replace('\\', '/') : n.toString();
        return new PathEntry(n, written, pos);
    }

    /** What the build said: class directories of its modules, and the union of their compile classpaths. */
    record Answer(List<Path> classes, List<Path> classpath) {
    }

    static Answer answer(Analyze.BuildTool tool, Path dir, Optional<Path> cacheDir) {
        String key = key(tool, dir);
        Optional<Path> kept = cacheDir.map(d -> d.resolve("build-classpath").resolve(key + ".txt"));
        if (kept.isPresent() && Files.isRegularFile(kept.get())) {
            Answer cached = read(kept.get(), dir);
            if (Stream.concat(cached.classpath().stream(), cached.classes().stream()).allMatch(Files::exists)) {
                return cached; // a dependency deleted from the local repository since: ask again
            }
        }
        Answer fresh = tool == Analyze.BuildTool.MAVEN ? maven(dir) : gradle(dir);
        kept.ifPresent(file -> write(file, fresh, dir));
        return fresh;
    }

    /** Maven: compile (so sibling modules resolve to their class directories), then one classpath file per module. */
    static Answer maven(Path project) {
        Path dir = project.toAbsolutePath().normalize();
        Path out = temporaryDirectory("archgov-maven-");
        try {
            String mvn = Files.isRegularFile(dir.resolve("mvnw")) ? "./mvnw" : "mvn";
            String command = mvn + " -B -q compile " + DEPENDENCY_PLUGIN + ":build-classpath -Dmdep.includeScope=compile "
                    + "'-Dmdep.outputFile=" + out + "/${project.groupId}__${project.artifactId}.cp'";
            Builds.Outcome outcome = Builds.run(dir, command, Optional.of(TIMEOUT));
            if (!outcome.ok()) {
                throw new AnalysisInputException(dir.resolve("pom.xml") + ": analyze.maven: '" + mvn + " compile …:build-classpath' "
                        + (outcome.timedOut() ? "timed out" : outcome.exitCode() == 127 ? "found no mvn on the PATH (install Maven or add ./mvnw)"
                        : "failed (exit " + outcome.exitCode() + ")") + lastError(outcome));
            }
            List<Path> classpath = new ArrayList<>();
            try (Stream<Path> files = Files.list(out)) {
                for (Path f : files.sorted().toList()) {
                    classpath.addAll(split(Files.readString(f, StandardCharsets.UTF_8)));
                }
            }
            return new Answer(mavenOutputs(dir.resolve("pom.xml"), 0), distinct(classpath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Builds.quietlyDelete(out);
        }
    }

    /** The most telling line of a failed build's log ({@link BuildLogs#cause}), after a colon. */
    private static String lastError(Builds.Outcome outcome) {
        return BuildLogs.firstCause(outcome.logTail()).map(l -> ": " + l).orElse("");
    }

    /**
     * The class directories of a reactor: each module's {@code build.outputDirectory} (default {@code target/classes}),
     * following {@code <modules>} from the root pom (aggregators nested in aggregators included; a pom-packaged module
     * has no classes).
     */
    static List<Path> mavenOutputs(Path pom, int depth) {
        if (depth > 20 || !Files.isRegularFile(pom)) {
            return List.of();
        }
        Element project = parse(pom).getDocumentElement();
        List<Path> outputs = new ArrayList<>();
        Path moduleDir = pom.getParent();
        if (!"pom".equals(text(project, "packaging"))) {
            Element build = child(project, "build");
            String directory = build == null ? null : text(build, "directory");
            String output = build == null ? null : text(build, "outputDirectory");
            Path target = moduleDir.resolve(directory == null || directory.contains("${") ? "target" : directory);
            outputs.add(output == null || output.contains("${") ? target.resolve("classes") : moduleDir.resolve(output));
        }
        Element modules = child(project, "modules");
        if (modules != null) {
            NodeList list = modules.getElementsByTagName("module");
            for (int i = 0; i < list.getLength(); i++) {
                Path m = moduleDir.resolve(list.item(i).getTextContent().strip()).normalize();
                outputs.addAll(mavenOutputs(Files.isDirectory(m) ? m.resolve("pom.xml") : m, depth + 1));
            }
        }
        return outputs;
    }

    /** The init script that makes every Gradle project print its main class directories and compile classpath. */
    static final String GRADLE_INIT = """
            allprojects {
                tasks.register('archgovClasspath') {
                    doLast {
                        def sets = project.extensions.findByName('sourceSets')
                        def main = sets == null ? null : sets.findByName('main')
                        if (main != null) {
                            main.output.classesDirs.files.each { println 'ARCHGOV-CLASSES ' + it.absolutePath }
                            main.compileClasspath.files.each { println 'ARCHGOV-CLASSPATH ' + it.absolutePath }
                        }
                    }
                }
            }
            """;

    /** Gradle: compile the main classes, then the init script's task in every project. */
    static Answer gradle(Path project) {
        Path dir = project.toAbsolutePath().normalize();
        Path work = temporaryDirectory("archgov-gradle-");
        try {
            Path init = work.resolve("archgov-classpath.gradle");
            Files.writeString(init, GRADLE_INIT, StandardCharsets.UTF_8);
            String gradle = Files.isRegularFile(dir.resolve("gradlew")) ? "./gradlew" : "gradle";
            String command = gradle + " -q --console=plain --init-script '" + init + "' classes archgovClasspath";
            Builds.Outcome outcome = Builds.runCapturing(dir, command, Optional.of(TIMEOUT), work.resolve("out.log"));
            if (!outcome.ok()) {
                throw new AnalysisInputException(dir + ": analyze.gradle: '" + gradle + " classes archgovClasspath' "
                        + (outcome.timedOut() ? "timed out" : outcome.exitCode() == 127 ? "found no gradle on the PATH (install Gradle or add ./gradlew)"
                        : "failed (exit " + outcome.exitCode() + ")") + lastError(outcome));
            }
            return gradleAnswer(Files.readAllLines(work.resolve("out.log"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Builds.quietlyDelete(work);
        }
    }

    /** The init script's lines among the build's output. */
    static Answer gradleAnswer(List<String> lines) {
        List<Path> classes = new ArrayList<>();
        List<Path> classpath = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("ARCHGOV-CLASSES ")) {
                classes.add(Path.of(line.substring("ARCHGOV-CLASSES ".length()).strip()));
            } else if (line.startsWith("ARCHGOV-CLASSPATH ")) {
                classpath.add(Path.of(line.substring("ARCHGOV-CLASSPATH ".length()).strip()));
            }
        }
        return new Answer(distinct(classes), distinct(classpath));
    }

    private static List<Path> split(String classpath) {
        List<Path> paths = new ArrayList<>();
        for (String p : classpath.strip().split(File.pathSeparator)) {
            if (!p.isBlank()) {
                paths.add(Path.of(p.strip()));
            }
        }
        return paths;
    }

    private static List<Path> distinct(List<Path> paths) {
        Set<Path> seen = new LinkedHashSet<>();
        paths.forEach(p -> seen.add(p.toAbsolutePath().normalize()));
        return List.copyOf(seen);
    }

    /**
     * The build files' content (every pom.xml, or the Gradle scripts and properties) and the tool: the same project in
     * another directory (an audit's or a gate's checkout) has the same key, as its answer is kept relative to it.
     */
    static String key(Analyze.BuildTool tool, Path dir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((tool + "\n").getBytes(StandardCharsets.UTF_8));
            Set<Path> files = new TreeSet<>();
            try (Stream<Path> walk = Files.walk(dir, 12)) {
                walk.filter(p -> !inOutput(dir, p) && isBuildFile(tool, p.getFileName().toString())).forEach(files::add);
            }
            for (Path f : files) {
                sha.update((dir.relativize(f) + "\n").getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBuildFile(Analyze.BuildTool tool, String name) {
        return tool == Analyze.BuildTool.MAVEN ? name.equals("pom.xml") || name.equals("maven.config")
                : name.endsWith(".gradle") || name.endsWith(".gradle.kts") || name.equals("gradle.properties") || name.equals("libs.versions.toml");
    }

    /** Build output, version control and dependency folders hold no build file of the project. */
    private static boolean inOutput(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            String n = part.toString();
            if (n.equals("target") || n.equals("build") || n.equals("node_modules") || n.startsWith(".") && !n.equals(".mvn")) {
                return true;
            }
        }
        return false;
    }

    /** A kept answer, its paths inside the project (written relative, {@code ./…}) resolved against {@code dir}. */
    private static Answer read(Path file, Path dir) {
        try {
            List<Path> classes = new ArrayList<>();
            List<Path> classpath = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(CLASSES)) {
                    classes.add(resolved(dir, line.substring(CLASSES.length())));
                } else if (line.startsWith(CLASSPATH)) {
                    classpath.add(resolved(dir, line.substring(CLASSPATH.length())));
                }
            }
            return new Answer(classes, classpath);
        } catch (IOException e) {
            return new Answer(List.of(), List.of(Path.of("/nonexistent"))); // unreadable: ask again
        }
    }

    private static Path resolved(Path dir, String written) {
        return written.startsWith("./") ? dir.resolve(written.substring(2)).toAbsolutePath().normalize() : Path.of(written);
    }

    private static String relative(Path dir, Path p) {
        Path base = dir.toAbsolutePath().normalize();
        return p.startsWith(base) ? "./" + base.relativize(p).toString().replace('\\', '/') : p.toString();
    }

    /** Written whole to a temporary file and moved into place: a reader never sees half an answer. */
    private static void write(Path file, Answer answer, Path dir) {
        try {
            Files.createDirectories(file.getParent());
            StringBuilder text = new StringBuilder();
            answer.classes().forEach(p -> text.append(CLASSES).append(relative(dir, p)).append('\n'));
            answer.classpath().forEach(p -> text.append(CLASSPATH).append(relative(dir, p)).append('\n'));
            Path tmp = Files.createTempFile(file.getParent(), "answer", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the cache is an optimisation: the next run asks the build again
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document parse(Path pom) {
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new AnalysisInputException(pom + ": analyze.maven: not a readable pom (" + e.getMessage() + ")");
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
