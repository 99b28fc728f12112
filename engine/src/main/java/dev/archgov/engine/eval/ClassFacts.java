package dev.archgov.engine.eval;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.archgov.engine.hashing.Hashing;
import dev.archgov.engine.report.Finding;
import dev.archgov.spi.Globs;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Summaries;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one evaluated class contributed to a run, kept per class so that an incremental run reuses it for the classes a
 * change does not reach: the indexes of the rules whose scope holds it, the code globs ({@code rule\0param: glob}) and
 * written selectors ({@code rule:selector}, matched by the class or by a class it depends on) it matches, its
 * annotation types, the rules' findings about it (before fingerprints), and for each pack's method summaries the run
 * used how near the class is to an effect of the pack ({@link Summaries#reachProfile}: -1 when its code is part of none),
 * and a digest of what its methods summarise to ({@link Summaries#entries}; packs no question enters it for left out).
 */
public record ClassFacts(List<Integer> scopes, List<String> globs, List<String> selectors, List<String> annotations, List<Finding> findings,
                         Map<String, Integer> reach, Map<String, String> summaries) {
    public ClassFacts {
        reach = reach == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(reach));
        summaries = summaries == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(summaries));
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        globs = globs == null ? List.of() : List.copyOf(globs);
        selectors = selectors == null ? List.of() : List.copyOf(selectors);
        annotations = annotations == null ? List.of() : List.copyOf(annotations);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** Where findings that name no evaluated class are kept (an incremental run cannot place them, so it runs in full). */
    static final String UNATTRIBUTED = "";

    /**
     * The facts of every evaluated class of {@code classes} into {@code into}, by class name; with {@code only}, of those
     * classes alone (a partial import: the others are there for what these see).
     */
    static void collect(List<CompiledRule> rules, JavaClasses classes, Map<String, List<Integer>> scopesOf,
                        Map<CompiledRule, List<Finding>> ruleFindings, Map<String, ClassFacts> into, Set<String> only) {
        Map<String, List<Finding>> byClass = new HashMap<>();
        for (CompiledRule rule : rules) { // in rule order, so a class's findings are stored the same way every run
            for (Finding f : ruleFindings.getOrDefault(rule, List.of())) {
                String owner = classes.contain(f.className()) ? f.className() : UNATTRIBUTED;
                byClass.computeIfAbsent(owner, k -> new ArrayList<>()).add(f);
            }
        }
        RunIndex index = rules.isEmpty() ? null : rules.get(0).index(); // one per run: every rule was compiled with it
        Map<String, Globs.Glob> compiled = new LinkedHashMap<>(); // every rule's code globs by key, compiled once for all classes
        for (int i = 0; i < rules.size(); i++) {
            for (var param : rules.get(i).codeGlobs().entrySet()) {
                for (String glob : param.getValue()) {
                    compiled.put(globKey(i, param.getKey(), glob), Globs.compile(glob));
                }
            }
        }
        for (JavaClass c : classes) {
            if (only != null && !only.contains(c.getName())) {
                continue;
            }
            List<String> globs = new ArrayList<>();
            compiled.forEach((key, glob) -> {
                if (UnmatchedGlobs.matches(glob, c)) {
                    globs.add(key);
                }
            });
            List<String> selectors = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                CompiledRule rule = rules.get(i);
                for (int s = 0; s < rule.selectors().size(); s++) {
                    var predicate = rule.selectors().get(s).predicate();
                    if (predicate.test(c) || c.getDirectDependenciesFromSelf().stream().map(Dependency::getTargetClass).anyMatch(predicate)) {
                        selectors.add(i + ":" + s);
                    }
                }
            }
            List<String> annotations = c.getAnnotations().stream().map(a -> a.getRawType().getName()).distinct().toList();
            into.put(c.getName(), new ClassFacts(scopesOf.getOrDefault(c.getName(), List.of()), globs, selectors, annotations,
                    byClass.getOrDefault(c.getName(), List.of()), index == null ? Map.of() : Summaries.reachProfile(index, c),
                    index == null ? Map.of() : digests(Summaries.entries(index, c))));
        }
        if (byClass.containsKey(UNATTRIBUTED)) {
            into.put(UNATTRIBUTED, new ClassFacts(List.of(), List.of(), List.of(), List.of(), byClass.get(UNATTRIBUTED), Map.of(),
                    Map.of()));
        }
    }

    private static Map<String, String> digests(Map<String, String> texts) {
        Map<String, String> digests = new TreeMap<>();
        texts.forEach((pack, text) -> digests.put(pack, Hashing.hex(text, 16)));
        return digests;
    }

    static String globKey(int rule, String param, String glob) {
        return rule + "\u0000" + param + ": " + glob;
    }
}
