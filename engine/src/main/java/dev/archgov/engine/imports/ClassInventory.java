package dev.archgov.engine.imports;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.spi.Packages;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Every class file a contract analyses, read with ASM without importing anything: its name, a content hash (the class
 * file with its source file, whose lines findings point at), the classes it names anywhere in its bytecode (constant
 * pool and descriptors: a superset of its dependencies) and its supertypes; and a digest of the other files of the
 * inputs (resources some rules read beside the classes). An incremental run compares two inventories to find what
 * changed. {@link #unsupported} says why a set of inputs cannot be compared class by class (a multi-release jar, a
 * class in two inputs, jars inside a class directory): such a run is always full.
 */
public final class ClassInventory {
    /**
     * One class file: {@code input} the directory or jar it is in, {@code entry} its path there, {@code excluded} in a
     * package {@code analyze.exclude} leaves out (imported, not checked).
     */
    public record ClassFile(String name, Path input, String entry, String hash, Set<String> refs, List<String> supers, boolean excluded) {
    }

    private final Map<String, ClassFile> classes;
    private final String resourcesDigest;
    private final Optional<String> unsupported;
    private final Map<String, List<String>> librarySupertypes;

    private ClassInventory(Map<String, ClassFile> classes, String resourcesDigest, Optional<String> unsupported,
                           Map<String, List<String>> librarySupertypes) {
        this.classes = classes;
        this.resourcesDigest = resourcesDigest;
        this.unsupported = unsupported;
        this.librarySupertypes = librarySupertypes;
    }

    /**
     * The supertypes of every library type (not analysed, not the JDK's) that an analysed class extends or implements,
     * directly or through other library types, read from the classpath: a call on such a type may run the analysed
     * implementations, so what calls it depends on them. A type the classpath does not hold has none.
     */
    public Map<String, List<String>> librarySupertypes() {
        return librarySupertypes;
    }

    /** The analysed class files by class name (binary name, dots). */
    public Map<String, ClassFile> classes() {
        return classes;
    }

    /** A digest of the inputs' other files (names and contents). */
    public String resourcesDigest() {
        return resourcesDigest;
    }

    /** Why these inputs cannot be compared class by class, if they cannot. */
    public Optional<String> unsupported() {
        return unsupported;
    }

    public static ClassInventory of(Analyze analyze) {
        Reader reader = new Reader(analyze);
        for (PathEntry e : analyze.classes()) {
            Path input = e.path().toAbsolutePath().normalize();
            if (Files.isDirectory(input)) {
                reader.directory(input);
            } else {
                reader.jar(input);
            }
            if (reader.unsupported != null) {
                break;
            }
        }
        return new ClassInventory(reader.classes, HexFormat.of().formatHex(reader.resources.digest()), Optional.ofNullable(reader.unsupported),
                librarySupertypes(analyze, reader.classes));
    }

    /** Whether a type is the JDK's (never summarised: calls on it are not followed into implementations). */
    public static boolean jdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    private static Map<String, List<String>> librarySupertypes(Analyze analyze, Map<String, ClassFile> classes) {
        Map<String, List<String>> result = new TreeMap<>();
        List<String> queue = new ArrayList<>();
        classes.values().forEach(c -> queue.addAll(c.supers()));
        List<URL> urls = new ArrayList<>();
        for (PathEntry e : analyze.classpath()) {
            for (Path p : TargetClasspathResolver.expand(e.path())) {
                try {
                    urls.add(p.toUri().toURL());
                } catch (MalformedURLException ex) {
                    throw new AnalysisInputException(p + ": not a classpath entry (" + ex.getMessage() + ")");
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            while (!queue.isEmpty()) {
                String name = queue.remove(queue.size() - 1);
                if (classes.containsKey(name) || jdk(name) || result.containsKey(name)) {
                    continue;
                }
                List<String> supers = new ArrayList<>();
                try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in != null) {
                        ClassReader reader = new ClassReader(in.readAllBytes());
                        if (reader.getSuperName() != null) {
                            supers.add(reader.getSuperName().replace('/', '.'));
                        }
                        for (String i : reader.getInterfaces()) {
                            supers.add(i.replace('/', '.'));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // unreadable: as if absent (the import resolves it the same way or not at all)
                }
                result.put(name, List.copyOf(supers));
                queue.addAll(supers);
            }
        } catch (IOException e) {
            throw new AnalysisInputException("the classpath cannot be read: " + e.getMessage());
        }
        return result;
    }

    private static final class Reader {
        private final Analyze analyze;
        private final List<Pattern> excluded;
        private final List<Path> sourceRoots;
        private final Map<String, ClassFile> classes = new TreeMap<>();
        private final Map<String, String> sourceHashes = new HashMap<>();
        private final MessageDigest resources = sha256();
        private String unsupported;

        Reader(Analyze analyze) {
            this.analyze = analyze;
            this.excluded = analyze.exclude().stream().map(Packages::compile).toList();
            this.sourceRoots = analyze.sources().stream().map(s -> s.path().toAbsolutePath().normalize()).toList();
        }

        void directory(Path root) {
            try (Stream<Path> children = Files.list(root)) {
                if (children.anyMatch(c -> c.toString().endsWith(".jar"))) {
                    unsupported = root + " holds jars";
                    return;
                }
            } catch (IOException e) {
                throw new AnalysisInputException(root + ": cannot be read: " + e.getMessage());
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                throw new AnalysisInputException(root + ": cannot be read: " + e.getMessage());
            }
            for (Path file : files) {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                try {
                    if (!relative.endsWith(".class")) {
                        resource(root + "/" + relative, Files.readAllBytes(file));
                    } else if (!skipped(relative)
                            && (analyze.includeTests() || ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(Location.of(file)))) {
                        add(root, relative, Files.readAllBytes(file));
                    }
                } catch (IOException e) {
                    throw new AnalysisInputException(file + ": cannot be read: " + e.getMessage());
                }
            }
        }

        void jar(Path jar) {
            if (MultiReleaseJars.isMultiRelease(jar)) {
                unsupported = jar + " is a multi-release jar";
                return;
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (e.isDirectory()) {
                        continue;
                    }
                    if (!e.getName().endsWith(".class")) {
                        update(resources, jar + "!/" + e.getName() + " " + e.getCrc() + " " + e.getSize());
                    } else if (!skipped(e.getName())) {
                        try (InputStream in = zip.getInputStream(e)) {
                            add(jar, e.getName(), in.readAllBytes());
                        }
                    }
                }
            } catch (IOException e) {
                throw new AnalysisInputException(jar + ": not a readable jar (" + e.getMessage() + ")");
            }
        }

        private void resource(String relative, byte[] bytes) {
            MessageDigest sha = sha256();
            update(resources, relative + " " + HexFormat.of().formatHex(sha.digest(bytes)));
        }

        private void add(Path input, String entry, byte[] bytes) {
            String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            MessageDigest sha = sha256();
            sha.update(bytes);
            Set<String> refs = new LinkedHashSet<>();
            List<String> supers = new ArrayList<>();
            String[] sourceFile = {""};
            try {
                ClassReader reader = new ClassReader(bytes);
                references(reader, bytes, refs);
                if (reader.getSuperName() != null) {
                    supers.add(reader.getSuperName().replace('/', '.'));
                }
                for (String i : reader.getInterfaces()) {
                    supers.add(i.replace('/', '.'));
                }
                reader.accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitSource(String source, String debug) {
                        sourceFile[0] = source == null ? "" : source;
                    }
                }, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
            } catch (RuntimeException e) {
                update(sha, "unreadable"); // the import reports it; its hash still changes with its bytes
            }
            int dot = name.lastIndexOf('.');
            String pkg = dot < 0 ? "" : name.substring(0, dot);
            // where findings point: the source file as the import names it (without a SourceFile attribute, ArchUnit
            // guesses the outermost class's name), which source root holds it, and its content; and where the class is
            String simple = name.substring(dot + 1);
            String source = sourceFile[0].isEmpty() ? (simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple) + ".java"
                    : sourceFile[0];
            update(sha, "input " + input);
            update(sha, "source " + sourceHash((pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + source));
            refs.remove(name);
            ClassFile file = new ClassFile(name, input, entry, HexFormat.of().formatHex(sha.digest(), 0, 16), refs, supers,
                    excluded.stream().anyMatch(p -> p.matcher(pkg).matches()));
            if (classes.putIfAbsent(name, file) != null) {
                unsupported = name + " is in two inputs";
            }
        }

        /** The first source root that has the source file, and its content hash ("" when none has it). */
        private String sourceHash(String relative) {
            return sourceHashes.computeIfAbsent(relative, r -> {
                for (Path root : sourceRoots) {
                    Path file = root.resolve(r);
                    if (Files.isRegularFile(file)) {
                        try {
                            return root + " " + HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)));
                        } catch (IOException e) {
                            return root + " unreadable";
                        }
                    }
                }
                return "";
            });
        }
    }

    /**
     * Every class the class file names: its constant pool's classes, and the types in every descriptor and signature
     * (UTF-8 constants of the form {@code Lpkg/Name;}). Names in string constants may come along; a superset is safe.
     */
    static void references(ClassReader reader, byte[] bytes, Set<String> into) {
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;
            }
            int tag = bytes[offset - 1];
            if (tag == 7) { // CONSTANT_Class
                String n = reader.readUTF8(offset, buffer);
                if (n.startsWith("[")) {
                    descriptorTypes(n, into);
                } else {
                    into.add(n.replace('/', '.'));
                }
            } else if (tag == 1) { // CONSTANT_Utf8: descriptors and signatures among them
                int length = (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
                if (length > 2) {
                    descriptorTypes(new String(bytes, offset + 2, length, StandardCharsets.UTF_8), into);
                }
            }
        }
    }

    /** The {@code Lpkg/Name;} (or {@code Lpkg/Name<}) types in a descriptor or signature. */
    static void descriptorTypes(String text, Set<String> into) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) != 'L' || i > 0 && "([;<>:^+-*)".indexOf(text.charAt(i - 1)) < 0) {
                continue;
            }
            int end = i + 1;
            while (end < n && text.charAt(end) != ';' && text.charAt(end) != '<' && text.charAt(end) != ' ') {
                end++;
            }
            if (end < n && end > i + 1 && text.charAt(end) != ' ') {
                into.add(text.substring(i + 1, end).replace('/', '.'));
            }
            i = end;
        }
    }

    /** module-info and the versioned entries of a multi-release jar are not classes to analyse. */
    private static boolean skipped(String relative) {
        return relative.endsWith("module-info.class") || relative.startsWith("META-INF/");
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
