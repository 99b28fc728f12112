package dev.archgov.engine.imports;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.spi.Packages;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Every class file the contract asks to analyse was imported, or is refused by name. ArchUnit skips a class it
 * cannot read with a log line only, so a truncated or empty class file (perhaps the one with the violation) would
 * pass the check silently. Checked here: the magic number of every class file in a class directory, and, for every
 * class file (directory or jar entry) that the import did not yield, a full parse: one that fails is a runtime
 * failure (exit 3) naming the file. A well-formed file the import did not yield under its path's name declares
 * another name (a misplaced class) and is left alone. A multi-release jar is checked as the view that is analysed
 * (see {@link MultiReleaseJars}).
 */
final class ClassFileCheck {
    private static final int MAGIC = 0xCAFEBABE;
    private static final int SHOWN = 5;
    private static final Pattern CLASS_NAME = Pattern.compile("([\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(?:\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)+)");

    private ClassFileCheck() {
    }

    /** @return the unreadable class files left out ({@code onUnreadable: warn}); with the default, none: it throws */
    static List<String> requireAllImported(List<Path> inputs, Analyze analyze, JavaClasses imported) {
        return require(inputs, analyze, imported::contain);
    }

    /** Every analysed class file reads (each is parsed): for when the import itself failed. */
    static void requireAllReadable(List<Path> inputs, Analyze analyze) {
        require(inputs, analyze, name -> false);
    }

    /**
     * The ArchUnit failure {@code message} with the class file it names, when it names an analysed class: ArchUnit
     * says which class, not which file.
     */
    static String culprit(List<Path> inputs, String message) {
        String text = message == null ? "" : message.lines().findFirst().orElse("");
        Matcher m = CLASS_NAME.matcher(text);
        while (m.find()) {
            String relative = m.group(1).replace('.', '/') + ".class";
            for (Path input : inputs) {
                Path file = input.resolve(relative);
                if (Files.isDirectory(input) && Files.isRegularFile(file)) {
                    return file + ": " + text;
                }
            }
        }
        return alone(inputs).map(file -> file + ": " + text).orElse(text);
    }

    /** The first class file of a class directory that ArchUnit cannot import even on its own (the failure path only). */
    private static Optional<Path> alone(List<Path> inputs) {
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(input)) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    try {
                        new ClassFileImporter().importPath(file);
                    } catch (RuntimeException | AssertionError e) {
                        return Optional.of(file);
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static List<String> require(List<Path> inputs, Analyze analyze, Predicate<String> imported) {
        List<String> bad = new ArrayList<>();
        // a class in an excluded package is not analysed, so it need not read: analyze.exclude is the way out for a
        // class file that can never be read (a generated or obfuscated one)
        List<Pattern> excluded = analyze.exclude().stream().map(Packages::compile).toList();
        Predicate<String> checked = name -> {
            int dot = name.lastIndexOf('.');
            String pkg = dot < 0 ? "" : name.substring(0, dot);
            return excluded.stream().noneMatch(p -> p.matcher(pkg).matches());
        };
        for (Path path : inputs) {
            if (Files.isDirectory(path)) {
                directory(path, analyze.includeTests(), checked, imported, bad);
                TargetClasspathResolver.expand(path).stream().filter(p -> !p.equals(path)).forEach(jar -> jar(jar, checked, imported, bad));
            } else {
                jar(path, checked, imported, bad);
            }
        }
        if (!bad.isEmpty() && !analyze.warnUnreadable()) {
            String what = bad.size() == 1 ? "a class file is unreadable, so what it holds"
                    : bad.size() + " class files are unreadable, so what they hold";
            throw new AnalysisInputException(what + " would go unchecked: " + String.join("; ", bad.subList(0, Math.min(SHOWN, bad.size())))
                    + (bad.size() > SHOWN ? "; and " + (bad.size() - SHOWN) + " more" : "")
                    + " (rebuild the classes; a class that can never be read can be left out with analyze.exclude, or analyze.onUnreadable: warn)");
        }
        return List.copyOf(bad);
    }

    /** How many second copies a report names one by one (the rest are counted). */
    static final int DUPLICATES_SHOWN = 50;

    /**
     * The class names that two analysed inputs (class directories or jars, e.g. modules with copied classes) both
     * hold: the import keeps one copy per name, so the other copy's code would go unchecked without a word. Each is
     * named with both places; past {@value #DUPLICATES_SHOWN}, the rest are counted.
     */
    static List<String> duplicates(Analyze analyze) {
        Map<String, Path> first = new HashMap<>();
        List<String> result = new ArrayList<>();
        int more = 0;
        for (PathEntry entry : analyze.classes()) {
            Path input = entry.path();
            for (String name : classNames(input, analyze.includeTests())) {
                Path earlier = first.putIfAbsent(name, input);
                if (earlier != null && !earlier.equals(input)) {
                    if (result.size() < DUPLICATES_SHOWN) {
                        result.add(name + " is in both " + earlier + " and " + input
                                + " (one copy is analysed: analyse the modules in separate contracts, or remove the copy)");
                    } else {
                        more++;
                    }
                }
            }
        }
        if (more > 0) {
            result.add("and " + more + " more classes in two inputs");
        }
        return List.copyOf(result);
    }

    private static List<String> classNames(Path input, boolean includeTests) {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(input)) {
            try (Stream<Path> files = Files.walk(input)) {
                files.filter(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p)).forEach(file -> {
                    String relative = input.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    if (!skipped(relative) && (includeTests || ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(Location.of(file)))) {
                        names.add(className(relative));
                    }
                });
            } catch (IOException e) {
                throw new AnalysisInputException(input + ": cannot be read: " + e.getMessage());
            }
        } else if (Files.isRegularFile(input)) {
            try (ZipFile zip = new ZipFile(input.toFile())) {
                zip.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(".class") && !skipped(e.getName()))
                        .forEach(e -> names.add(className(e.getName())));
            } catch (IOException e) {
                throw new AnalysisInputException(input + ": not a readable jar (" + e.getMessage() + ")");
            }
        }
        return names;
    }

    private static void directory(Path root, boolean includeTests, Predicate<String> checked, Predicate<String> imported, List<String> bad) {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p)).forEach(file -> {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (skipped(relative) || !checked.test(className(relative))
                        || !includeTests && !ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(Location.of(file))) {
                    return;
                }
                try {
                    // an imported class needs only its magic number looked at; one the import did not yield is parsed
                    byte[] bytes = imported.test(className(relative)) ? head(file) : Files.readAllBytes(file);
                    check(file.toString(), relative, bytes, imported, true).ifPresent(bad::add);
                } catch (IOException e) {
                    bad.add(file + ": cannot be read (" + e.getMessage() + ")");
                }
            });
        } catch (IOException e) {
            throw new AnalysisInputException(root + ": cannot be read: " + e.getMessage());
        }
    }

    private static void jar(Path jar, Predicate<String> checked, Predicate<String> imported, List<String> bad) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".class") || skipped(e.getName()) || !checked.test(className(e.getName()))
                        || imported.test(className(e.getName()))) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    check(jar + "!/" + e.getName(), e.getName(), in.readAllBytes(), imported, false).ifPresent(bad::add);
                } catch (IOException ex) {
                    bad.add(jar + "!/" + e.getName() + ": cannot be read (" + ex.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            throw new AnalysisInputException(jar + ": not a readable jar (" + e.getMessage() + ")");
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(10);
        }
    }

    /** Why the class file is unreadable, or empty when it is fine ({@code bytes}: the whole file, or its head if imported). */
    private static Optional<String> check(String where, String relative, byte[] bytes, Predicate<String> imported, boolean magic) {
        if (bytes.length < 10) {
            return Optional.of(where + ": " + (bytes.length == 0 ? "empty" : "truncated (" + bytes.length + " bytes)"));
        }
        int head = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
        if (magic && head != MAGIC) {
            return Optional.of(where + ": not a class file (magic number " + String.format("%08X", head) + ", not CAFEBABE)");
        }
        if (imported.test(className(relative))) {
            return Optional.empty();
        }
        try {
            new ClassReader(bytes).accept(new ClassNode(), ClassReader.SKIP_FRAMES);
            return Optional.empty(); // well-formed: it declares another name than its path's (a misplaced class)
        } catch (RuntimeException e) {
            int major = (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
            return Optional.of(where + ": " + (head != MAGIC ? "not a class file"
                    : e.getMessage() != null && e.getMessage().startsWith("Unsupported class file major version")
                    ? "class file version " + major + " (Java " + (major - 44) + ") is newer than this archgov reads"
                    : "truncated or corrupt (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /** module-info and the versioned entries of a multi-release jar are not classes to analyse. */
    private static boolean skipped(String relative) {
        return relative.endsWith("module-info.class") || relative.startsWith("META-INF/");
    }

    private static String className(String relative) {
        return relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
    }
}
