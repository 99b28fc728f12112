package dev.archgov.engine.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Files' SHA-256 by absolute path, with the size and modification time each had when hashed, reused while both are
 * unchanged (as git's index and build tools do): a run over 10,000 class files and a classpath of 200 jars stats them
 * instead of reading them. A file modified less than {@link #RACY_MILLIS} before it was hashed is hashed again next
 * time (it may have changed again within the file system's time resolution, as git treats a "racily clean" entry).
 */
public final class FileDigests {
    /** How long before its hashing a file must have been modified for its size and time to stand for its content. */
    static final long RACY_MILLIS = 2_000;

    /** One file as hashed: its size and modification time then, its SHA-256, and when it was hashed (epoch milliseconds). */
    public record Known(long size, long modified, String sha256, long hashed) {
    }

    private final Map<String, Known> known;
    private final boolean recording;
    /** The digests this run has looked up or computed: a second look in the same run reads nothing. */
    private final Map<Path, String> seen = new ConcurrentHashMap<>();
    private final AtomicInteger computed = new AtomicInteger();

    private FileDigests(Map<String, Known> known, boolean recording) {
        this.known = known;
        this.recording = recording;
    }

    /** Digests kept between runs: {@code known} as read back (empty the first time). */
    public static FileDigests of(Map<String, Known> known) {
        return new FileDigests(new ConcurrentHashMap<>(known), true);
    }

    /** Every file read and hashed each time, nothing kept. */
    public static FileDigests none() {
        return new FileDigests(new ConcurrentHashMap<>(), false);
    }

    /** The file's SHA-256 (hex): the one kept when its size and time are those it had when hashed, else read now. */
    public String digest(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String digest = seen.get(abs);
        if (digest == null) {
            digest = lookUp(abs);
            seen.put(abs, digest);
        }
        return digest;
    }

    private String lookUp(Path abs) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(abs, BasicFileAttributes.class);
            long size = attributes.size();
            long modified = attributes.lastModifiedTime().toMillis();
            Known k = known.get(abs.toString());
            if (k != null && k.size() == size && k.modified() == modified && modified < k.hashed() - RACY_MILLIS) {
                return k.sha256();
            }
            long hashed = System.currentTimeMillis();
            String hex = HexFormat.of().formatHex(sha256(abs));
            if (recording) {
                known.put(abs.toString(), new Known(size, modified, hex, hashed));
                computed.incrementAndGet();
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many digests were computed since these were read (what keeping them would save). */
    public int computed() {
        return computed.get();
    }

    /** How many digests are known. */
    public int size() {
        return known.size();
    }

    /** What to keep: every digest known of a file that is still there. */
    public Map<String, Known> toKeep() {
        Map<String, Known> keep = new TreeMap<>(known);
        keep.keySet().removeIf(path -> !Files.isRegularFile(Path.of(path)));
        return keep;
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }
}
