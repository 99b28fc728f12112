package dev.archgov.engine.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A target's classpath without repeats: multi-module builds list the same jar once per module, by the same path or
 * as copies with the same content in several places. The first of each is kept (classpath order decides which class
 * wins, as for the JVM). Only jars of equal size are read to compare their content.
 */
final class Classpaths {
    private Classpaths() {
    }

    static List<Path> distinct(List<Path> classpath) {
        Set<Path> byPath = new LinkedHashSet<>();
        for (Path p : classpath) {
            byPath.add(p.toAbsolutePath().normalize());
        }
        Map<Long, List<Path>> bySize = new HashMap<>();
        for (Path p : byPath) {
            size(p).ifPresent(size -> bySize.computeIfAbsent(size, k -> new ArrayList<>()).add(p));
        }
        Set<Path> copies = new HashSet<>();
        for (List<Path> same : bySize.values()) {
            if (same.size() < 2) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (Path p : same) { // in classpath order: the first of equal content stays
                if (!seen.add(sha256(p))) {
                    copies.add(p);
                }
            }
        }
        return byPath.stream().filter(p -> !copies.contains(p)).toList();
    }

    private static Optional<Long> size(Path p) {
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
