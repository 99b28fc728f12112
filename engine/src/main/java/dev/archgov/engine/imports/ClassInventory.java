package dev.archgov.engine.imports;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.hashing.Hashing;
import dev.archgov.spi.Packages;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.TypePath;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
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
     * package {@code analyze.exclude} leaves out (imported, not checked). Besides the hash of everything ({@code hash}),
     * the digest of what other classes can see of its declarations: {@code api} (everything but the code inside its
     * methods, with where the class is); what its bytes said ({@code parsed}), with two more digests other classes can
     * see: {@code calls} the distinct methods and constructors its code calls (what decides which analysed code it can
     * reach) and {@code methodCalls} those each of its methods calls (from where).
     */
    public record ClassFile(String name, Path input, String entry, String hash, boolean excluded, String api, Parsed parsed) {
        /** The classes it names ({@link Parsed#refs}). */
        public Set<String> refs() {
            return parsed.refs();
        }

        /** Its superclass and interfaces ({@link Parsed#supers}). */
        public List<String> supers() {
            return parsed.supers();
        }

        /** The classes whose methods its code calls or names in a method reference ({@link Parsed#callees}). */
        public Set<String> callees() {
            return parsed.callees();
        }

        /** The digest of the distinct methods and constructors its code calls ({@link Parsed#calls}). */
        public String calls() {
            return parsed.calls();
        }

        /** The digest of the methods and constructors each of its methods calls ({@link Parsed#methodCalls}). */
        public String methodCalls() {
            return parsed.methodCalls();
        }
    }

    /**
     * What is read from a class file's bytes alone: their SHA-256 ({@code content}), the source file it names (or the
     * import's guess), the classes it names, its supertypes, the classes whose methods or constructors its code calls
     * ({@code callees}: the owners its call instructions and method references name, itself and the JDK's aside), and digests of
     * its declarations and of the methods it calls. Kept between runs, it is reused for a class file with the same
     * content: only changed class files are parsed.
     */
    public record Parsed(String content, String source, Set<String> refs, List<String> supers, Set<String> callees, String declarations,
                         String calls, String methodCalls) {
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
     * The supertypes of every library type (not analysed, not the JDK's) that an analysed class extends or implements
     * (or a class of an earlier run did), directly or through other library types, read from the classpath: a call on such a type may run the analysed
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
        return of(analyze, FileDigests.none(), name -> null, Set.of());
    }

    /**
     * The inventory, with each file's content hash from {@code digests} (kept between runs: a file whose size and time
     * are unchanged is not read) and a class file's parse from {@code previous} (by class name) when its content is the
     * same; the library supertypes are those of the analysed classes and those of {@code formerSupertypes} (what
     * the classes of an earlier run extended or implemented: a type no class implements any more still tells which
     * classes called its implementations).
     */
    public static ClassInventory of(Analyze analyze, FileDigests digests, Function<String, Parsed> previous, Collection<String> formerSupertypes) {
        Reader reader = new Reader(analyze, digests, previous);
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
                librarySupertypes(analyze, reader.classes, formerSupertypes));
    }

    /** Whether a type is the JDK's (never summarised: calls on it are not followed into implementations). */
    public static boolean jdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    private static Map<String, List<String>> librarySupertypes(Analyze analyze, Map<String, ClassFile> classes, Collection<String> former) {
        Map<String, List<String>> result = new TreeMap<>();
        List<String> queue = new ArrayList<>(former);
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

    /**
     * What other classes can see of a class file, read in one pass: its declarations written back without the code
     * inside its methods (ASM's writer, so equal declarations give equal bytes; no line numbers: no rule about one class
     * reads where another class's methods are), and the methods and constructors its code calls.
     */
    private static final class Declarations extends ClassVisitor {
        private final ClassWriter writer;
        private final Set<String> called = new TreeSet<>();
        private final Set<String> calledFrom = new TreeSet<>();
        private final Set<String> owners = new TreeSet<>();
        private String source = "";

        Declarations() {
            this(new ClassWriter(0));
        }

        private Declarations(ClassWriter writer) {
            super(Opcodes.ASM9, writer);
            this.writer = writer;
        }

        @Override
        public void visitSource(String file, String debug) {
            source = file == null ? "" : file;
            super.visitSource(file, null);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor declaration = super.visitMethod(access, name, descriptor, signature, exceptions);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitParameter(String parameter, int modifiers) {
                    declaration.visitParameter(parameter, modifiers);
                }

                @Override
                public AnnotationVisitor visitAnnotationDefault() {
                    return declaration.visitAnnotationDefault();
                }

                @Override
                public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                    return declaration.visitAnnotation(desc, visible);
                }

                @Override
                public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String desc, boolean visible) {
                    return declaration.visitTypeAnnotation(typeRef, typePath, desc, visible);
                }

                @Override
                public void visitAnnotableParameterCount(int count, boolean visible) {
                    declaration.visitAnnotableParameterCount(count, visible);
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String desc, boolean visible) {
                    return declaration.visitParameterAnnotation(parameter, desc, visible);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String desc, boolean isInterface) {
                    Declarations.this.called.add(owner + "." + called + desc);
                    Declarations.this.calledFrom.add(name + descriptor + " " + owner + "." + called + desc);
                    callee(owner);
                }

                @Override
                public void visitInvokeDynamicInsn(String indyName, String desc, Handle bootstrap, Object... arguments) {
                    for (Object a : arguments) { // a method reference or lambda: a rule may ask what the method it names does
                        if (a instanceof Handle h) {
                            callee(h.getOwner());
                        }
                    }
                }

                @Override
                public void visitEnd() {
                    declaration.visitEnd();
                }
            };
        }

        /** A class whose method the code calls: summaries follow none into the JDK, and an array's {@code clone()} names no class. */
        private void callee(String internalName) {
            String owner = internalName.replace('/', '.');
            if (!owner.startsWith("[") && !jdk(owner)) {
                owners.add(owner);
            }
        }

        /** The digest of the declarations. */
        String api() {
            return HexFormat.of().formatHex(Hashing.sha256().digest(writer.toByteArray()), 0, 16);
        }

        /** The digest of the distinct methods and constructors called. */
        String calls() {
            return digest(called);
        }

        /** The digest of the distinct methods and constructors each method calls. */
        String methodCalls() {
            return digest(calledFrom);
        }

        private static String digest(Set<String> lines) {
            MessageDigest sha = Hashing.sha256();
            lines.forEach(c -> update(sha, c));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        }
    }

    private static final class Reader {
        private final Analyze analyze;
        private final List<Pattern> excluded;
        private final List<Path> sourceRoots;
        private final Map<String, ClassFile> classes = new TreeMap<>();
        private final Map<String, String> sourceHashes = new HashMap<>();
        private final Map<Path, Boolean> notTests = new HashMap<>();
        private final MessageDigest resources = Hashing.sha256();
        private final FileDigests digests;
        private final Function<String, Parsed> previous;
        private String unsupported;

        Reader(Analyze analyze, FileDigests digests, Function<String, Parsed> previous) {
            this.analyze = analyze;
            this.digests = digests;
            this.previous = previous;
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
                        update(resources, root + "/" + relative + " " + digests.digest(file));
                    } else if (!skipped(relative) && (analyze.includeTests() || notTests.computeIfAbsent(file.getParent(),
                            // the test folders' patterns name directories: one answer per directory
                            d -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(Location.of(file))))) {
                        Parsed known = previous.apply(className(relative));
                        if (known != null && known.content().equals(digests.digest(file))) {
                            add(root, relative, known);
                        } else {
                            add(root, relative, parse(relative, Files.readAllBytes(file)));
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
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
                            byte[] bytes = in.readAllBytes();
                            Parsed known = previous.apply(className(e.getName()));
                            String content = HexFormat.of().formatHex(Hashing.sha256().digest(bytes));
                            add(jar, e.getName(), known != null && known.content().equals(content) ? known : parse(e.getName(), bytes));
                        }
                    }
                }
            } catch (IOException e) {
                throw new AnalysisInputException(jar + ": not a readable jar (" + e.getMessage() + ")");
            }
        }

        /** What the class file's bytes say (see {@link Parsed}). */
        private static Parsed parse(String entry, byte[] bytes) {
            String content = HexFormat.of().formatHex(Hashing.sha256().digest(bytes));
            String name = className(entry);
            Set<String> refs = new LinkedHashSet<>();
            List<String> supers = new ArrayList<>();
            Declarations declarations = new Declarations();
            try {
                ClassReader reader = new ClassReader(bytes);
                references(reader, bytes, refs);
                if (reader.getSuperName() != null) {
                    supers.add(reader.getSuperName().replace('/', '.'));
                }
                for (String i : reader.getInterfaces()) {
                    supers.add(i.replace('/', '.'));
                }
                reader.accept(declarations, ClassReader.SKIP_FRAMES);
            } catch (RuntimeException e) {
                // the import reports it; every part of it counts as changed whenever its bytes change
                return new Parsed(content, guessedSource(name), Set.of(), List.of(), Set.of(), content, content, content);
            }
            refs.remove(name);
            declarations.owners.remove(name);
            // where findings point: the source file as the import names it (without a SourceFile attribute, ArchUnit
            // guesses the outermost class's name)
            String source = declarations.source.isEmpty() ? guessedSource(name) : declarations.source;
            return new Parsed(content, source, Collections.unmodifiableSet(refs), List.copyOf(supers), Collections.unmodifiableSet(declarations.owners),
                    declarations.api(), declarations.calls(), declarations.methodCalls());
        }

        private static String guessedSource(String name) {
            String simple = name.substring(name.lastIndexOf('.') + 1);
            return (simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple) + ".java";
        }

        private void add(Path input, String entry, Parsed parsed) {
            String name = className(entry);
            int dot = name.lastIndexOf('.');
            String pkg = dot < 0 ? "" : name.substring(0, dot);
            // the class, where it is (a class moved between modules), which source root holds its source, and that
            // source's content (the lines findings point at)
            String root = sourceRoot((pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + parsed.source());
            MessageDigest sha = Hashing.sha256();
            update(sha, parsed.content());
            update(sha, "input " + input);
            update(sha, "source " + root);
            String hash = HexFormat.of().formatHex(sha.digest(), 0, 16);
            MessageDigest api = Hashing.sha256();
            update(api, parsed.declarations());
            update(api, "input " + input);
            update(api, "source " + (root.isEmpty() ? "" : root.substring(0, root.lastIndexOf(' '))));
            ClassFile file = new ClassFile(name, input, entry, hash, excluded.stream().anyMatch(p -> p.matcher(pkg).matches()),
                    HexFormat.of().formatHex(api.digest(), 0, 16), parsed);
            if (classes.putIfAbsent(name, file) != null) {
                unsupported = name + " is in two inputs";
            }
        }

        /** The first source root that has the source file, and the file's content hash ("" when none has it). */
        private String sourceRoot(String relative) {
            return sourceHashes.computeIfAbsent(relative, r -> {
                for (Path root : sourceRoots) {
                    Path file = root.resolve(r);
                    if (Files.isRegularFile(file)) {
                        try {
                            return root + " " + digests.digest(file);
                        } catch (UncheckedIOException e) {
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

    /** The binary name of the class an entry path holds. */
    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    /** module-info and the versioned entries of a multi-release jar are not classes to analyse. */
    private static boolean skipped(String relative) {
        return relative.endsWith("module-info.class") || relative.startsWith("META-INF/");
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
