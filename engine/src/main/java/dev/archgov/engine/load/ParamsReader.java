package dev.archgov.engine.load;

import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.Params;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.spi.BoundedRegex;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.RuleKind;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static dev.archgov.engine.load.ContractLoader.*;

/** Reads a rule's {@code params:} against its kind's parameter specs: types, layers, selectors, allowed values. */
final class ParamsReader {
    private final List<ContractProblem> problems;
    private final SectionReader sections;

    ParamsReader(List<ContractProblem> problems) {
        this.problems = problems;
        this.sections = new SectionReader(problems);
    }

    Params readParams(RawRule raw, RuleKind kind, Map<String, Layer> layers) {
        Map<String, ParamSpec> specs = new LinkedHashMap<>();
        kind.params().forEach(p -> specs.put(p.name(), p));
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, SourcePos> positions = new LinkedHashMap<>();
        boolean ok = true;
        String prefix = "rule " + raw.id() + " (" + kind.name() + ")";
        for (var e : raw.params().entrySet()) {
            ParamSpec spec = specs.get(e.getKey());
            NodeReader r = e.getValue().reader();
            Node node = e.getValue().node();
            if (spec == null) {
                r.problem(e.getValue().key(), prefix + ": unknown param '" + e.getKey() + "'" + Suggestions.hint(e.getKey(), specs.keySet()));
                ok = false;
                continue;
            }
            Object value = readParam(r, node, spec, prefix + ": params." + spec.name(), layers);
            if (value == null) {
                ok = false;
            } else {
                values.put(spec.name(), value);
                positions.put(spec.name(), r.pos(node));
            }
        }
        for (ParamSpec spec : specs.values()) {
            if (spec.required() && !raw.params().containsKey(spec.name())) {
                raw.reader().problem(raw.idNode(), prefix + ": missing required param '" + spec.name() + "' (" + spec.description() + ")");
                ok = false;
            }
        }
        return ok ? new Params(values, positions) : null;
    }

    private Object readParam(NodeReader r, Node node, ParamSpec spec, String what, Map<String, Layer> layers) {
        return switch (spec.type()) {
            case STRING -> {
                String s = r.string(node, what);
                if (s != null && !spec.allowed().isEmpty() && !spec.allowed().contains(s)) {
                    r.problem(node, what + ": '" + s + "' is not allowed" + Suggestions.hint(s, spec.allowed()));
                    yield null;
                }
                yield s;
            }
            case STRING_LIST -> r.strings(node, what);
            case CODE_GLOBS -> codeGlobs(r, node, what);
            case BOOLEAN -> r.bool(node, what);
            case INTEGER -> r.integer(node, what);
            case LAYER_LIST -> layerNames(r, node, what, layers);
            case PACKAGE_LIST -> {
                List<String> l = sections.packagePatterns(r, node, what);
                List<Node> items = r.sequence(node, what);
                yield items != null && l.size() == items.size() ? l : null;
            }
            case SELECTOR -> selector(r, node, what, layers);
            case SELECTOR_LIST -> {
                List<Node> items = r.sequence(node, what);
                if (items == null) {
                    yield null;
                }
                List<ClassSelector> result = new ArrayList<>();
                for (Node item : items) {
                    ClassSelector s = selector(r, item, what + " entry", layers);
                    if (s == null) {
                        yield null;
                    }
                    result.add(s);
                }
                yield result;
            }
        };
    }

    /** A code glob: Java name characters, dots and the wildcards {@code *} and {@code ?}. */
    private static final Pattern CODE_GLOB = Pattern.compile("[\\p{javaJavaIdentifierPart}*?]+(\\.[\\p{javaJavaIdentifierPart}*?]+)*");

    private List<String> codeGlobs(NodeReader r, Node node, String what) {
        return checkedStrings(r, node, what, glob -> CODE_GLOB.matcher(glob).matches() ? null
                : what + ": '" + glob + "' is not a type or Type.method glob (Java names, dots, * and ?)");
    }

    private List<String> layerNames(NodeReader r, Node node, String what, Map<String, Layer> layers) {
        return checkedStrings(r, node, what, name -> layers.containsKey(name) ? null
                : what + ": unknown layer '" + name + "'" + Suggestions.hint(name, layers.keySet()));
    }

    /** A sequence of strings, each checked by {@code problem} (the problem with it, or null); null when any is wrong. */
    private List<String> checkedStrings(NodeReader r, Node node, String what, Function<String, String> problem) {
        List<Node> items = r.sequence(node, what);
        if (items == null) {
            return null;
        }
        List<String> result = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            String value = r.string(item, what + " entry");
            String wrong = value == null ? "" : problem.apply(value);
            if (wrong == null) {
                result.add(value);
            } else {
                if (!wrong.isEmpty()) {
                    r.problem(item, wrong);
                }
                ok = false;
            }
        }
        return ok ? result : null;
    }

    private ClassSelector selector(NodeReader r, Node node, String what, Map<String, Layer> layers) {
        Map<String, Node> f = r.mapping(node, what, ClassSelector.KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.size();
        List<String> layerNames = f.containsKey("layers") ? layerNames(r, f.get("layers"), what + ".layers", layers) : List.of();
        List<String> packages = f.containsKey("packages") ? sections.packagePatterns(r, f.get("packages"), what + ".packages") : List.of();
        List<String> classes = f.containsKey("classes") ? r.strings(f.get("classes"), what + ".classes") : List.of();
        List<String> annotated = f.containsKey("annotatedWith") ? typeNames(r, f.get("annotatedWith"), what + ".annotatedWith") : List.of();
        List<String> assignable = f.containsKey("assignableTo") ? typeNames(r, f.get("assignableTo"), what + ".assignableTo") : List.of();
        String regex = f.containsKey("nameMatching") ? r.string(f.get("nameMatching"), what + ".nameMatching") : null;
        List<String> kinds = f.containsKey("kind") ? r.strings(f.get("kind"), what + ".kind") : List.of();
        if (kinds != null) {
            for (String k : kinds) {
                if (!ClassSelector.KINDS.contains(k)) {
                    r.problem(f.get("kind"), what + ".kind: '" + k + "' is not one of " + String.join(", ", ClassSelector.KINDS)
                            + Suggestions.hint(k, ClassSelector.KINDS));
                }
            }
        }
        List<String> dependsOn = f.containsKey("dependsOn") ? r.strings(f.get("dependsOn"), what + ".dependsOn") : List.of();
        List<ClassSelector> anyOf = f.containsKey("anyOf") ? selectors(r, f.get("anyOf"), what + ".anyOf", layers) : List.of();
        List<ClassSelector> allOf = f.containsKey("allOf") ? selectors(r, f.get("allOf"), what + ".allOf", layers) : List.of();
        ClassSelector not = f.containsKey("not") ? selector(r, f.get("not"), what + ".not", layers) : null;
        if (regex != null) {
            try {
                if (BoundedRegex.backtracksCatastrophically(Pattern.compile(regex))) {
                    r.problem(f.get("nameMatching"), what + ".nameMatching: this regular expression backtracks without bound on ordinary "
                            + "names (nested or repeated .* groups); simplify it");
                }
            } catch (PatternSyntaxException e) {
                r.problem(f.get("nameMatching"), what + ".nameMatching: bad regular expression: " + YamlSource.oneLine(e.getDescription()));
            }
        }
        if (problems.size() > before || layerNames == null || classes == null || annotated == null || assignable == null || kinds == null
                || dependsOn == null || anyOf == null || allOf == null || f.containsKey("not") && not == null) {
            return null;
        }
        ClassSelector s = new ClassSelector(layerNames, packages, classes, annotated, assignable, Optional.ofNullable(regex),
                kinds, anyOf, allOf, Optional.ofNullable(not), dependsOn);
        if (s.isEmpty()) {
            r.problem(node, what + ": an empty selector would match every class; give at least one of " + String.join(", ", ClassSelector.KEYS));
            return null;
        }
        return s;
    }

    /** A non-empty list of selectors ({@code anyOf}, {@code allOf}); null when any entry has a problem. */
    private List<ClassSelector> selectors(NodeReader r, Node node, String what, Map<String, Layer> layers) {
        List<Node> items = r.sequence(node, what);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            r.problem(node, what + ": give at least one selector");
            return null;
        }
        List<ClassSelector> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ClassSelector s = selector(r, items.get(i), what + "[" + i + "]", layers);
            if (s == null) {
                return null;
            }
            result.add(s);
        }
        return result;
    }

    private List<String> typeNames(NodeReader r, Node node, String what) {
        List<String> names = r.strings(node, what);
        if (names == null) {
            return null;
        }
        List<Node> items = r.sequence(node, what);
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                r.problem(items.get(i), what + ": '" + names.get(i) + "' is not a fully qualified type name");
                return null;
            }
        }
        return names;
    }
}
