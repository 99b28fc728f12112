package dev.archgov.engine.report.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Report;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The committed baseline ({@code archgov-baseline.json}): known findings by fingerprint, with rule, element and
 * location for people to read. Sorted, so that it diffs well in review.
 */
public final class BaselineFile {
    public static final String SCHEMA_VERSION = "1.0";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BaselineFile() {
    }

    public static void write(Path file, Report report) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION).put("tool", report.tool()).put("contract", report.contract().name());
        ArrayNode findings = root.putArray("findings");
        report.findings().stream().map(BaselineEntry::of)
                .sorted(Comparator.comparing(BaselineEntry::ruleId).thenComparing(BaselineEntry::path).thenComparingInt(BaselineEntry::line)
                        .thenComparing(BaselineEntry::fingerprint))
                .forEach(e -> findings.addObject().put("fingerprint", e.fingerprint()).put("ruleId", e.ruleId()).put("element", e.element())
                        .put("target", e.target()).put("path", e.path()).put("line", e.line()));
        AtomicFiles.write(file, w -> w.write(MAPPER.writeValueAsString(root) + System.lineSeparator()));
    }

    /** The entries of a baseline file; a missing or malformed file is an error naming it. */
    public static List<BaselineEntry> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new IOException(file + ": no such baseline file (create it with: archgov baseline)", e);
        } catch (IOException e) {
            throw new IOException(file + ": not a baseline file: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.path("schemaVersion").asText().startsWith("1.") || !root.path("findings").isArray()) {
            throw new IOException(file + ": not an archgov baseline (expected schemaVersion 1.x and a findings list)");
        }
        List<BaselineEntry> entries = new ArrayList<>();
        for (JsonNode n : root.path("findings")) {
            if (!n.path("fingerprint").isTextual()) {
                throw new IOException(file + ": a baseline entry has no fingerprint");
            }
            entries.add(new BaselineEntry(n.path("fingerprint").asText(), n.path("ruleId").asText(), n.path("element").asText(),
                    n.path("target").asText(), n.path("path").asText(), n.path("line").asInt()));
        }
        return entries;
    }
}
