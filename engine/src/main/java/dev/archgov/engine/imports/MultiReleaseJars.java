package dev.archgov.engine.imports;

import com.tngtech.archunit.core.importer.ImportOption;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Multi-release jars ({@code Multi-Release: true}, classes under {@code META-INF/versions/N/}): the class a JVM of
 * release R loads is the entry of the highest version up to R, else the base entry. ArchUnit reads a jar's entries
 * as they are, so a violation in a versioned class would go unchecked. The jar is analysed as the view of the
 * release the target runs on ({@code analyze.release}; by default the highest version the jar holds): its base
 * entries, except those a versioned class replaces, plus the replacing classes, written to a small temporary
 * directory (only those: a jar of thousands of classes with a handful of versioned ones costs a handful of files).
 */
final class MultiReleaseJars {
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/.+");

    private MultiReleaseJars() {
    }

    /** A multi-release jar's view: the directory of its replacing classes, and the base entries they replace. */
    record View(Path overlay, Set<String> replaced) {
    }

    /** Whether {@code file} is a multi-release jar with versioned classes. */
    static boolean isMultiRelease(Path file) {
        if (Files.isDirectory(file)) {
            return false;
        }
        try (JarFile jar = new JarFile(file.toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            return jar.isMultiRelease() && highest(jar).isPresent();
        } catch (IOException e) {
            return false; // the import says what is wrong with it
        }
    }

    /** The classes of {@code file} that a JVM of {@code release} (default: the highest version in the jar) loads from versioned entries. */
    static View view(Path file, Optional<Integer> release) throws IOException {
        int version;
        try (JarFile probe = new JarFile(file.toFile())) {
            version = release.orElseGet(() -> highest(probe).orElse(8));
        }
        Path dir = Files.createTempDirectory("archgov-mrjar-");
        Set<String> replaced = new HashSet<>();
        try (JarFile jar = new JarFile(file.toFile(), true, ZipFile.OPEN_READ, Runtime.Version.parse(String.valueOf(version)))) {
            for (JarEntry e : (Iterable<JarEntry>) jar.versionedStream()::iterator) {
                if (e.isDirectory() || !e.getName().endsWith(".class") || e.getName().startsWith("META-INF/")
                        || e.getRealName().equals(e.getName())) {
                    continue; // a base entry: read from the jar itself
                }
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    continue; // an entry name that climbs out ("../") is no class of the jar's
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, target);
                }
                replaced.add(e.getName());
            }
        }
        return new View(dir, replaced);
    }

    /**
     * Leaves out of the import what a JVM does not load from the jar: versioned entries (the overlay holds the ones
     * that apply) and the base entries they replace.
     */
    static ImportOption skipping(Path jar, Set<String> replaced) {
        Path self = jar.toAbsolutePath().normalize();
        return location -> {
            String uri = location.asURI().toString();
            int bang = uri.indexOf("!/");
            if (!uri.startsWith("jar:") || bang < 0) {
                return true;
            }
            String entry = uri.substring(bang + 2);
            if (!entry.startsWith("META-INF/versions/") && !replaced.contains(entry)) {
                return true; // the common case decided without parsing the jar's URI
            }
            try {
                return !Path.of(URI.create(uri.substring("jar:".length(), bang))).toAbsolutePath().normalize().equals(self);
            } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                return true;
            }
        };
    }

    /** Removes an overlay made by {@link #view}. */
    static void delete(Path view) {
        try (Stream<Path> files = Files.walk(view)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: the system cleans it at the latest
        }
    }

    private static Optional<Integer> highest(JarFile jar) {
        return jar.stream().map(e -> VERSIONED.matcher(e.getName())).filter(Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).max(Integer::compare);
    }
}
