package dev.archgov.engine.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and its hex form, for the result cache, the inventory, the contract loader, the summaries' digests and the daemon. */
public final class Hashing {
    private Hashing() {
    }

    /** A fresh SHA-256 digest (every Java platform has it). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first {@code bytes} bytes of the SHA-256 of {@code text} (UTF-8), in lower-case hex. */
    public static String hex(String text, int bytes) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }
}
