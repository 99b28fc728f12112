package dev.archgov.engine.load;

import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.SourcePos;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed, strict reading of YAML nodes. Each mismatch becomes a positioned problem; reading goes on. */
public final class NodeReader {
    private final String file;
    private final List<ContractProblem> problems;

    public NodeReader(String file, List<ContractProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    String file() {
        return file;
    }

    SourcePos pos(Node node) {
        return YamlSource.at(file, node.getStartMark());
    }

    public void problem(Node node, String message) {
        problems.add(new ContractProblem(pos(node), message));
    }

    /** The entries of a mapping, in order; unknown keys are reported with a suggestion. Null if not a mapping. */
    public Map<String, Node> mapping(Node node, String what, Collection<String> allowedKeys) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, what + ": expected a mapping, got " + describe(node));
            return null;
        }
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                problem(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + Suggestions.hint(key, allowedKeys));
                continue;
            }
            result.put(key, tuple.getValueNode());
        }
        return result;
    }

    /** Keys of a mapping with their key nodes (for positions of map-like sections such as layers). */
    Map<String, NodeTuple> entries(Node node, String what) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, what + ": expected a mapping, got " + describe(node));
            return null;
        }
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            result.put(((ScalarNode) tuple.getKeyNode()).getValue(), tuple);
        }
        return result;
    }

    public String string(Node node, String what) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
            if (scalar.getValue().isBlank()) {
                problem(node, what + ": must not be empty");
                return null;
            }
            return scalar.getValue();
        }
        problem(node, what + ": expected a string, got " + describe(node) + quoteHint(node));
        return null;
    }

    List<String> strings(Node node, String what) {
        if (!(node instanceof SequenceNode seq)) {
            problem(node, what + ": expected a list of strings, got " + describe(node)
                    + (node instanceof ScalarNode s ? " (write [" + s.getValue() + "])" : ""));
            return null;
        }
        List<String> result = new ArrayList<>();
        boolean ok = true;
        for (Node item : seq.getValue()) {
            String s = string(item, what + " entry");
            if (s == null) {
                ok = false;
            } else {
                result.add(s);
            }
        }
        return ok ? result : null;
    }

    public List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode seq)) {
            problem(node, what + ": expected a list, got " + describe(node));
            return null;
        }
        return seq.getValue();
    }

    Boolean bool(Node node, String what) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            String v = scalar.getValue().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.valueOf(v);
            }
            problem(node, what + ": write true or false, not '" + scalar.getValue() + "'");
            return null;
        }
        problem(node, what + ": expected true or false, got " + describe(node));
        return null;
    }

    public Long integer(Node node, String what) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                return Long.valueOf(scalar.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                problem(node, what + ": '" + scalar.getValue() + "' is not a whole number in range");
                return null;
            }
        }
        problem(node, what + ": expected a whole number, got " + describe(node));
        return null;
    }

    /** A number of at least 0 (whole or decimal). */
    Double weight(Node node, String what) {
        if (node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            try {
                double v = Double.parseDouble(scalar.getValue().replace("_", ""));
                if (v >= 0 && Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(node, what + ": '" + scalar.getValue() + "' is not a weight (a number of at least 0)");
            return null;
        }
        problem(node, what + ": expected a number of at least 0, got " + describe(node));
        return null;
    }

    public LocalDate date(Node node, String what) {
        if (node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.TIMESTAMP) || scalar.getTag().equals(Tag.STR))) {
            try {
                return LocalDate.parse(scalar.getValue());
            } catch (DateTimeParseException e) {
                problem(node, what + ": '" + scalar.getValue() + "' is not a date; write YYYY-MM-DD");
                return null;
            }
        }
        problem(node, what + ": expected a date (YYYY-MM-DD), got " + describe(node));
        return null;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return "nothing (null)";
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean '" + s.getValue() + "'";
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "the number " + s.getValue();
        }
        if (tag.equals(Tag.TIMESTAMP)) {
            return "the date " + s.getValue();
        }
        return "the string '" + s.getValue() + "'";
    }

    private static String quoteHint(Node node) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) && !s.getTag().equals(Tag.STR)) {
            return " (quote it: \"" + s.getValue() + "\")";
        }
        return "";
    }
}
