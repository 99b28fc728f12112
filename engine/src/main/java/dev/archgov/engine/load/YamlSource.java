package dev.archgov.engine.load;

import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.SourcePos;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Safe YAML parsing into a node tree with positions. Only plain data is accepted: no custom or Java tags, a small
 * alias budget (no "billion laughs"), bounded nesting and size, no recursive structures and no duplicate keys.
 */
public final class YamlSource {
    static final int MAX_CHARS = 1024 * 1024;
    private static final String GLOBAL_TAG = "Global tag is not allowed:";
    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 50;
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT, Tag.NULL, Tag.MAP,
            Tag.SEQ, Tag.TIMESTAMP);

    private YamlSource() {
    }

    /** Parses one YAML document; an empty document yields null. */
    public static Node parse(String file, String text) {
        if (text.length() > MAX_CHARS) {
            throw new ContractException(SourcePos.file(file), "file is larger than " + MAX_CHARS / 1024 + " KiB; a contract is never that big");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS);
        options.setProcessComments(false);
        options.setTagInspector(tag -> false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver());
        Node root;
        try {
            countAliases(yaml, file, text);
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage());
            if (problem.startsWith(GLOBAL_TAG)) {
                throw new ContractException(at(file, mark), notPlainData(problem.substring(GLOBAL_TAG.length()).trim()));
            }
            throw new ContractException(at(file, mark), "invalid YAML: " + problem);
        } catch (YAMLException e) {
            throw new ContractException(SourcePos.file(file), "invalid YAML: " + oneLine(e.getMessage()));
        }
        if (root != null) {
            List<ContractProblem> problems = new ArrayList<>();
            checkPlainData(file, root, problems, new IdentityHashMap<>());
            if (!problems.isEmpty()) {
                throw new ContractException(problems);
            }
        }
        return root;
    }

    /**
     * A top-level text value of a YAML document ({@code build:} of a contract), read with the same safety as a
     * contract, without validating the rest; empty when the document has none or is not valid YAML.
     */
    public static Optional<String> topLevelText(String file, String text, String key) {
        return topLevel(file, text, key).filter(v -> v instanceof ScalarNode s && s.getTag().equals(Tag.STR))
                .map(v -> ((ScalarNode) v).getValue());
    }

    /** The top-level list of texts under {@code key} ({@code extends:} of a contract); empty when there is none or the YAML is not valid. */
    public static List<String> topLevelTexts(String file, String text, String key) {
        return topLevel(file, text, key).filter(v -> v instanceof SequenceNode).map(v -> ((SequenceNode) v).getValue().stream()
                .filter(n -> n instanceof ScalarNode).map(n -> ((ScalarNode) n).getValue()).toList()).orElse(List.of());
    }

    /** The node under a top-level key, parsed safely; empty when there is none or the document is not valid YAML. */
    private static Optional<Node> topLevel(String file, String text, String key) {
        Node root;
        try {
            root = parse(file, text);
        } catch (ContractException e) {
            return Optional.empty();
        }
        if (root instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(t.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    /** Refuses alias-heavy documents ("billion laughs") at the first alias over the budget, with its position. */
    private static void countAliases(Yaml yaml, String file, String text) {
        int aliases = 0;
        for (Event event : yaml.parse(new StringReader(text))) {
            if (event instanceof AliasEvent && ++aliases > MAX_ALIASES) {
                throw new ContractException(at(file, event.getStartMark()),
                        "too many YAML aliases (more than " + MAX_ALIASES + "); a contract does not need them and alias bombs are refused");
            }
        }
    }

    private static void checkPlainData(String file, Node node, List<ContractProblem> problems,
                                       Map<Node, Boolean> seen) {
        if (seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            problems.add(new ContractProblem(at(file, node.getStartMark()), notPlainData(node.getTag().getValue())));
            return;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Node> keys = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node key = tuple.getKeyNode();
                if (!(key instanceof ScalarNode scalarKey)) {
                    problems.add(new ContractProblem(at(file, key.getStartMark()), "a mapping key must be a plain string"));
                    continue;
                }
                if (scalarKey.getValue().equals("<<")) {
                    problems.add(new ContractProblem(at(file, key.getStartMark()), "YAML merge keys ('<<') are not supported in contracts; use 'extends' to reuse rules"));
                    continue;
                }
                Node first = keys.putIfAbsent(scalarKey.getValue(), key);
                if (first != null) {
                    problems.add(new ContractProblem(at(file, key.getStartMark()), "duplicate key '" + scalarKey.getValue()
                            + "' (first defined at line " + (first.getStartMark().getLine() + 1) + ")"));
                }
                checkPlainData(file, tuple.getValueNode(), problems, seen);
            }
        } else if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                checkPlainData(file, item, problems, seen);
            }
        }
    }

    static SourcePos at(String file, Mark mark) {
        return mark == null ? SourcePos.file(file) : new SourcePos(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String notPlainData(String tag) {
        String shown = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
        return "YAML tag '" + shown + "' is not allowed: a contract holds plain data only (strings, numbers, booleans, lists, maps)";
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
