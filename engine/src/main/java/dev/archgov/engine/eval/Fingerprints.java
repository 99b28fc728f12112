package dev.archgov.engine.eval;

import dev.archgov.engine.report.Finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Line-independent identities for findings: SHA-256 of rule id, element, target and the occurrence index among
 * findings with the same three. The line and the rule's wording are left out, so a fingerprint survives edits
 * elsewhere in the file, reformatting and rewording; it changes when the offending member changes.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static List<Finding> assign(List<Finding> findings) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : findings) {
            groups.computeIfAbsent(key(f), k -> new ArrayList<>()).add(f);
        }
        List<Finding> result = new ArrayList<>(findings.size());
        for (var group : groups.entrySet()) {
            List<Finding> members = new ArrayList<>(group.getValue());
            members.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line).thenComparing(Finding::detail));
            for (int i = 0; i < members.size(); i++) {
                result.add(members.get(i).withFingerprint(hash(group.getKey() + "\u0000" + i)));
            }
        }
        return result;
    }

    private static String key(Finding f) {
        return f.ruleId() + "\u0000" + f.element() + "\u0000" + f.target();
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
