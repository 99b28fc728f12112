package dev.archgov.engine.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.hashing.Hashing;
import dev.archgov.engine.imports.FileDigests;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.ToolVersion;
import dev.archgov.engine.report.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The result of import plus evaluation, reused when nothing it depends on changed: the content of every analysed and
 * classpath file, the contract (its hash), the source files (paths and declaration lines), the repository root the
 * paths are relative to, and archgov itself (version, plus size and time of its code). What depends on the day or the
 * commit — suppression expiry, score, git stamp — is recomputed on every run, so a hit is exactly the result a fresh
 * analysis would give.
 *
 * <p>Entries live outside the analysed repository ({@code $ARCHGOV_CACHE_DIR}, else {@code $XDG_CACHE_HOME/archgov},
 * else {@code ~/.cache/archgov}), are written atomically, and the newest {@value #KEEP} are kept. Each entry is sealed
 * with an HMAC keyed by a per-user secret kept beside them (owner-only): an entry that was edited, copied from another
 * key or written by someone else is a miss, as is a damaged one, never an error.
 */
public final class ResultCache {
    static final int KEEP = 32;
    static final String SECRET_FILE = ".archgov-cache-secret";
    private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}\\.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path dir;

    /** One rule's part of the cached result: its time, the classes in its scope, its code globs that matched nothing. */
    public record RuleRun(String id, long millis, int checked, List<String> unmatched) {
        public RuleRun {
            unmatched = unmatched == null ? List.of() : List.copyOf(unmatched);
        }
    }

    /** The cached result: fingerprinted findings before suppression, per rule runs, and the class counts. */
    public record Entry(int classes, int packages, long importMillis, long evaluateMillis, List<RuleRun> rules,
                        List<Finding> findings, List<String> unreadable, List<String> duplicates) {
        public Entry {
            unreadable = unreadable == null ? List.of() : List.copyOf(unreadable);
            duplicates = duplicates == null ? List.of() : List.copyOf(duplicates);
        }

        public Entry(int classes, int packages, long importMillis, long evaluateMillis, List<RuleRun> rules, List<Finding> findings) {
            this(classes, packages, importMillis, evaluateMillis, rules, findings, List.of(), List.of());
        }
    }

    public ResultCache(Path dir) {
        this.dir = dir;
    }

    public static Optional<Path> defaultDir() {
        String explicit = System.getenv("ARCHGOV_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "archgov", "results"));
        }
        String home = System.getProperty("user.home");
        return home == null ? Optional.empty() : Optional.of(Path.of(home, ".cache", "archgov", "results"));
    }

    /** The key of a run: a SHA-256 over everything the result depends on. */
    public static String key(Contract contract, Path pathBase, Collection<Class<?>> code) {
        return key(contract, pathBase, code, FileDigests.none());
    }

    /**
     * The key of a run, each file's content hash taken from the digests kept in the cache when its path, size and time
     * are unchanged since it was hashed ({@link FileDigests}: 10,000 class files and a classpath of 200 jars are not read
     * again on every run); {@link #saveDigests} keeps the new ones.
     */
    public String keyReusingDigests(Contract contract, Path pathBase, Collection<Class<?>> code) {
        return key(contract, pathBase, code, digests());
    }

    private static String key(Contract contract, Path pathBase, Collection<Class<?>> code, FileDigests digests) {
        MessageDigest sha = Hashing.sha256();
        update(sha, "archgov " + ToolVersion.get());
        update(sha, "java " + Runtime.version() + " " + System.getProperty("java.home")); // JDK types resolve from it
        codeStamps(sha, code);
        update(sha, "contract " + contract.hash());
        update(sha, "base " + pathBase.toAbsolutePath().normalize());
        for (PathEntry e : contract.analyze().classes()) {
            content(sha, "classes", e.path(), null, digests);
        }
        for (PathEntry e : contract.analyze().classpath()) {
            content(sha, "classpath", e.path(), null, digests);
        }
        for (PathEntry e : contract.analyze().sources()) {
            content(sha, "sources", e.path(), null, digests); // paths, and the lines of class declarations
        }
        for (PathEntry e : contract.analyze().config()) {
            content(sha, "config", e.path(), null, digests); // what the configuration checkpoints read
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The content hash of the class set a contract analyses (its classes and classpath, with their paths relative to
     * {@code root}), with the contract hash, the JDK and archgov's own code ({@code code}: where the engine and the rule
     * kinds were loaded from, by size and time): two trees of a repository with the same value give the
     * same analysis (an audit reuses it, e.g. for commits that changed only documentation).
     */
    public static String classSetHash(Contract contract, Path root, Collection<Class<?>> code) {
        MessageDigest sha = Hashing.sha256();
        update(sha, "archgov " + ToolVersion.get());
        update(sha, "java " + Runtime.version() + " " + System.getProperty("java.home"));
        codeStamps(sha, code); // a rebuilt archgov (new rules, same version string) never reuses an older analysis
        update(sha, "contract " + contract.hash());
        Path base = root.toAbsolutePath().normalize();
        FileDigests read = FileDigests.none(); // every file read: nothing is kept for the trees of an audit
        for (PathEntry e : contract.analyze().classes()) {
            content(sha, "classes", e.path(), base, read);
        }
        for (PathEntry e : contract.analyze().classpath()) {
            content(sha, "classpath", e.path(), base, read);
        }
        for (PathEntry e : contract.analyze().config()) {
            content(sha, "config", e.path(), base, read);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public Optional<Entry> read(String key) {
        return readSealed(key + ".json", key, new TypeReference<Entry>() { });
    }

    /** Stores an entry; a cache that cannot be written is skipped silently (the run's result does not depend on it). */
    public void write(String key, Entry entry) {
        writeSealed(key + ".json", key, entry);
    }

    /**
     * A sealed file of the cache read as {@code type}; empty when missing, damaged or not sealed by this user's archgov
     * for the key. A sealed file is a first line {@code sealed <HMAC>} and the JSON it seals.
     */
    <T> Optional<T> readSealed(String name, String key, TypeReference<T> type) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            Optional<byte[]> secret = secret(false);
            if (secret.isEmpty() || newline < 0 || !text.startsWith(SEALED)) {
                return Optional.empty();
            }
            String json = text.substring(newline + 1);
            if (!MessageDigest.isEqual(mac(secret.get(), key, json), HexFormat.of().parseHex(text.substring(SEALED.length(), newline)))) {
                return Optional.empty(); // not written by this user's archgov for this key, or changed since: analyse again
            }
            T value = MAPPER.readValue(json, type);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(value);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static final String SEALED = "sealed ";

    /** Writes a sealed file of the cache atomically and prunes old ones; a cache that cannot be written is skipped silently. */
    void writeSealed(String name, String key, Object value) {
        try {
            Files.createDirectories(dir);
            byte[] secret = secret(true).orElseThrow();
            String json = MAPPER.writeValueAsString(value);
            String mac = HexFormat.of().formatHex(mac(secret, key, json));
            AtomicFiles.write(dir.resolve(name), w -> {
                w.write(SEALED);
                w.write(mac);
                w.write('\n');
                w.write(json);
            });
            prune(ENTRY_NAME, KEEP);
            prune(STORE_NAME, KEEP_STORES);
        } catch (IOException | RuntimeException e) {
            // read-only home, full disk: run without the cache
        }
    }

    /** How many per-class stores ({@link IncrementalRun}) are kept: one per contract and checkout, the newest first. */
    static final int KEEP_STORES = 4;
    static final Pattern STORE_NAME = Pattern.compile("[0-9a-f]{64}\\.classes\\.json");

    /**
     * The key of a code base's per-class results: what an analysis depends on besides the analysed classes' content
     * (archgov, the JDK, the contract, the repository root, where the analysed classes and sources are, the classpath's
     * content, the configuration files, and the analysed inputs' other files), so that two runs with the same key
     * differ only in class files and their sources, which the per-class results are compared by.
     */
    public String incrementalKey(Contract contract, Path pathBase, Collection<Class<?>> code) {
        FileDigests digests = digests();
        MessageDigest sha = Hashing.sha256();
        update(sha, "incremental 6 archgov " + ToolVersion.get());
        update(sha, "java " + Runtime.version() + " " + System.getProperty("java.home"));
        codeStamps(sha, code);
        update(sha, "contract " + contract.hash());
        update(sha, "base " + pathBase.toAbsolutePath().normalize());
        for (PathEntry e : contract.analyze().classes()) {
            update(sha, "classes " + e.path().toAbsolutePath().normalize());
        }
        for (PathEntry e : contract.analyze().classpath()) {
            content(sha, "classpath", e.path(), null, digests);
        }
        for (PathEntry e : contract.analyze().sources()) {
            update(sha, "sources " + e.path().toAbsolutePath().normalize());
        }
        for (PathEntry e : contract.analyze().config()) {
            content(sha, "config", e.path(), null, digests);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static final String DIGESTS = "file-digests.json";
    private static final String DIGESTS_KEY = "file digests";
    private FileDigests digests;

    /** The file digests kept beside the entries (sealed like them), read on first use; none when missing, damaged or not sealed by this cache. */
    FileDigests digests() {
        if (digests == null) {
            digests = FileDigests.of(readSealed(DIGESTS, DIGESTS_KEY, new TypeReference<Map<String, FileDigests.Known>>() { }).orElse(Map.of()));
        }
        return digests;
    }

    /**
     * Keeps the file digests computed by this run (of files still there), unless they are a few among many kept: a
     * few files hashed again next time cost less than rewriting the digests of ten thousand.
     */
    public void saveDigests() {
        if (digests != null && digests.computed() > 0 && (digests.computed() >= RESAVE_DIGESTS || digests.computed() * 20 >= digests.size())) {
            writeSealed(DIGESTS, DIGESTS_KEY, digests.toKeep());
        }
    }

    /** How many files hashed anew make the digests worth rewriting whatever their number (else one in twenty). */
    static final int RESAVE_DIGESTS = 256;

    private static byte[] mac(byte[] secret, String key, String json) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((key + "\n").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The per-user secret that seals entries: {@value #SECRET_FILE} in the cache directory, readable by its owner only;
     * made (or remade, when damaged) on the first write.
     */
    private Optional<byte[]> secret(boolean create) throws IOException {
        Path file = dir.resolve(SECRET_FILE);
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file).strip();
            if (text.matches("[0-9a-f]{64}")) {
                return Optional.of(HexFormat.of().parseHex(text));
            }
        }
        if (!create) {
            return Optional.empty();
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path tmp = Files.createTempFile(dir, ".archgov-secret-", ".tmp");
        try {
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, HexFormat.of().formatHex(secret));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Optional.of(secret);
    }

    /** Removes the oldest files of one kind beyond {@code keep}: only files of archgov's own naming, whatever else is there. */
    private void prune(Pattern names, int keep) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> entries = files.filter(p -> names.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(ResultCache::modified).reversed()).toList();
            for (Path old : entries.subList(Math.min(keep, entries.size()), entries.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Size and time of the jar or class directory a class came from: a rebuilt archgov never reuses old results. */
    private static void codeStamps(MessageDigest sha, Collection<Class<?>> code) {
        Set<String> stamped = new HashSet<>(); // the kinds share a jar or class directory: stamp it once
        for (Class<?> c : code) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (stamped.add(source == null || source.getLocation() == null ? c.getName() : source.getLocation().toString())) {
                codeStamp(sha, c);
            }
        }
    }

    private static void codeStamp(MessageDigest sha, Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            update(sha, "code " + c.getName());
            return;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        update(sha, "code " + location.relativize(f) + " " + a.size() + " " + a.lastModifiedTime().toMillis());
                    }
                }
            } else {
                BasicFileAttributes a = Files.readAttributes(location, BasicFileAttributes.class);
                update(sha, "code " + location + " " + a.size() + " " + a.lastModifiedTime().toMillis());
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            update(sha, "code unknown " + System.nanoTime()); // cannot tell: never reuse
        }
    }

    /**
     * A file or directory's content, file by file, each by its digest from {@code digests} (a directory's files with
     * their relative paths); the path itself relative to {@code base} when under it, else absolute; a missing path counts
     * as such.
     */
    private static void content(MessageDigest sha, String what, Path path, Path base, FileDigests digests) {
        Path absolute = path.toAbsolutePath().normalize();
        update(sha, what + " " + (base != null && absolute.startsWith(base) ? base.relativize(absolute).toString().replace('\\', '/') : absolute));
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        update(sha, "file " + path.relativize(f).toString().replace('\\', '/') + " " + digests.digest(f));
                    }
                }
            } else if (Files.isRegularFile(path)) {
                update(sha, digests.digest(path));
            } else {
                update(sha, "missing");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
