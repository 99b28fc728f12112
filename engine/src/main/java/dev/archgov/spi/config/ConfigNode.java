package dev.archgov.spi.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A place in a parsed YAML document, with its file, line and column: a value reached by a key sits at that key (where
 * a reader looks), a key that is missing sits at its parent, so a finding about either points somewhere real. Reads
 * never fail: a missing key, an item of a non-list, the text of a mapping are simply absent.
 */
public final class ConfigNode {
    private final Path file;
    private final Node node; // null: missing
    private final Mark at;

    private ConfigNode(Path file, Node node, Mark at) {
        this.file = file;
        this.node = node;
        this.at = at;
    }

    /** The root of a document. */
    public static ConfigNode root(Path file, Node node) {
        return new ConfigNode(file, node, node.getStartMark());
    }

    /** A node that is absent everywhere (a default for look-ups). */
    public static ConfigNode missing() {
        return new ConfigNode(Path.of(""), null, new Mark("", 0, 0, 0, new int[0], 0));
    }

    /** The value under {@code key} (a missing key: absent, placed here). */
    public ConfigNode get(String key) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return new ConfigNode(file, t.getValueNode(), k.getStartMark());
                }
            }
        }
        return new ConfigNode(file, null, at);
    }

    /** The value under a path of keys. */
    public ConfigNode get(String... path) {
        ConfigNode n = this;
        for (String key : path) {
            n = n.get(key);
        }
        return n;
    }

    /** The items of a list (none when this is no list). */
    public List<ConfigNode> items() {
        List<ConfigNode> items = new ArrayList<>();
        if (node instanceof SequenceNode s) {
            s.getValue().forEach(v -> items.add(new ConfigNode(file, v, v.getStartMark())));
        }
        return items;
    }

    /** The entries of a mapping by key, in document order (none when this is no mapping). */
    public Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    entries.put(k.getValue(), new ConfigNode(file, t.getValueNode(), k.getStartMark()));
                }
            }
        }
        return entries;
    }

    public boolean present() {
        return node != null && !(node instanceof ScalarNode s && s.getValue().isEmpty() && s.getTag().getValue().endsWith(":null"));
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** The text of a scalar value. */
    public Optional<String> text() {
        return node instanceof ScalarNode s && present() ? Optional.of(s.getValue()) : Optional.empty();
    }

    /** Whether the value is this text, ignoring case ({@code true}, {@code True}, {@code ISTIO_MUTUAL}). */
    public boolean is(String value) {
        return text().map(t -> t.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))).orElse(false);
    }

    public Path file() {
        return file;
    }

    /** 1-based line. */
    public int line() {
        return at.getLine() + 1;
    }

    /** 1-based column. */
    public int column() {
        return at.getColumn() + 1;
    }

    /** A violation placed here. */
    public FileViolation violation(String element, String target, String message) {
        return new FileViolation(element, target, file, line(), column(), message);
    }
}
