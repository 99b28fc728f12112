package dev.archgov.engine.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fully resolved architecture contract: its own file merged with everything it extends.
 *
 * @param file       the contract file
 * @param version    format version (1)
 * @param name       human name of the contract
 * @param extendsRefs what it extends, as written ({@code builtin:generic}, {@code ../base.yaml})
 * @param analyze    what to analyse
 * @param layers     named layers in declaration order
 * @param rules      every rule after overrides, in declaration order (packs first)
 * @param suppressions accepted findings with reasons
 * @param scoring    weights of the health score
 * @param gate       the pre-merge policy of {@code archgov gate}
 * @param hash       SHA-256 over the text of every file the contract is made of
 * @param files      every local file the contract is made of (itself and what it extends, transitively), absolute
 */
public record Contract(Path file, int version, String name, List<String> extendsRefs, Analyze analyze,
                       Map<String, Layer> layers, List<RuleSpec> rules, List<Suppression> suppressions, Scoring scoring,
                       GatePolicy gate, String hash, List<Path> files, LinkTemplates links) {

    /** A contract without link templates (the web view's links come from the remote). */
    public Contract(Path file, int version, String name, List<String> extendsRefs, Analyze analyze, Map<String, Layer> layers, List<RuleSpec> rules,
                    List<Suppression> suppressions, Scoring scoring, GatePolicy gate, String hash, List<Path> files) {
        this(file, version, name, extendsRefs, analyze, layers, rules, suppressions, scoring, gate, hash, files, LinkTemplates.NONE);
    }

    public Optional<RuleSpec> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public List<RuleSpec> enabledRules() {
        return rules.stream().filter(RuleSpec::enabled).toList();
    }

    public Path baseDir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
