package dev.archgov.engine.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.imports.ClassImport;
import dev.archgov.engine.imports.ClassInventory;
import dev.archgov.engine.imports.ImportedClasses;
import dev.archgov.engine.report.Finding;
import dev.archgov.spi.Locality;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run that re-checks only the classes a change reaches, with every other class's part of the previous run reused:
 * the result is exactly a full run's (same findings, fingerprints, counts and notices).
 *
 * <p>After each run with a cache, the per-class results are kept (next to the result cache, keyed by everything but the
 * analysed classes' content: {@link ResultCache#incrementalKey}): each class's content hash (class file and source file),
 * the classes it names, its supertypes and its {@link ClassFacts}. The next run reads every class file with ASM
 * ({@link ClassInventory}: about a tenth of an import) and compares. A class's findings can depend on the classes it
 * refers to and, through method summaries, on the analysed implementations of those types ({@link Locality#CLASS}); so
 * the classes to re-check are the changed ones and every class that reaches one through those edges, and the classes
 * imported are those plus everything they reach (so each re-checked class sees exactly what a full import shows it).
 *
 * <p>It runs in full, and says why in {@code timings.mode}, when: asked to ({@code --full}); there is no earlier result;
 * a rule is graph-wide ({@link Locality#GRAPH}: cycles, callers, incoming layer checks, configuration checkpoints); the
 * inputs cannot be compared class by class (a multi-release jar, a class in two inputs); more than
 * {@value #CHANGED_SHARE_PERCENT} % of the classes changed; or the change reaches more than
 * {@value #IMPORT_SHARE_PERCENT} % of them (where importing them costs about as much as importing all).
 */
final class IncrementalRun {
    static final int CHANGED_SHARE_PERCENT = 5;
    static final int IMPORT_SHARE_PERCENT = 50;

    /** The limits in percent of the classes; the system properties {@code archgov.incremental.maxChanged} and {@code maxImported} change them. */
    private static int limit(String property, int otherwise) {
        return Math.max(0, Math.min(100, Integer.getInteger("archgov.incremental." + property, otherwise)));
    }

    /** The per-class results of a run. */
    record Store(List<String> rules, Map<String, StoredClass> classes) {
    }

    /** One class file: its hash, the classes it names, its supertypes, whether excluded, and its facts if it was evaluated. */
    record StoredClass(String hash, List<String> refs, List<String> supers, boolean excluded, ClassFacts facts) {
    }

    /**
     * The run's result, and how it was computed ({@code full (why)} or {@code incremental(N classes)}); no result when the
     * caller must run in full with rules compiled afresh (an incremental attempt that failed after evaluating).
     */
    record Outcome(ResultCache.Entry entry, String mode) {
    }

    private IncrementalRun() {
    }

    static Outcome analyse(ResultCache cache, Contract contract, List<CompiledRule> rules, Path base, CheckRunner.Options options,
                           Collection<Class<?>> code) {
        for (CompiledRule r : rules) { // never incremental with this contract: nothing to read or keep, at no cost
            if (r.locality() != Locality.CLASS) {
                return new Outcome(CheckRunner.analyse(contract, rules, base, options),
                        "full (rule " + r.spec().id() + " (" + r.spec().kind() + ") is graph-wide)");
            }
        }
        long start = System.nanoTime();
        ClassInventory inventory;
        String key;
        try {
            inventory = ClassInventory.of(contract.analyze());
            key = cache.incrementalKey(contract, base, code, inventory.resourcesDigest());
        } catch (RuntimeException e) { // an input the import itself may not need (a resource that cannot be read): analyse in full
            return new Outcome(CheckRunner.analyse(contract, rules, base, options), "full (the inputs cannot be compared class by class: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        long inventoryMillis = (System.nanoTime() - start) / 1_000_000;
        String name = key + ".classes.json";
        List<String> ids = rules.stream().map(r -> r.spec().id()).toList();
        String why = whyFull(options, inventory);
        Optional<Store> previous = why != null ? Optional.empty()
                : cache.readSealed(name, key, new TypeReference<Store>() { }).filter(s -> ids.equals(s.rules()));
        if (why == null && previous.isEmpty()) {
            why = "no earlier per-class results";
        }
        if (why == null) {
            Plan plan = Plan.of(previous.get(), inventory);
            why = plan.whyFull(previous.get(), inventory);
            if (why == null) {
                Map<String, ClassFacts> facts = new LinkedHashMap<>();
                Optional<Outcome> incremental = incremental(contract, rules, base, options, inventory, previous.get(), plan, inventoryMillis, facts);
                if (incremental.isPresent()) {
                    cache.writeSealed(name, key, store(ids, inventory, facts));
                    return incremental.get();
                }
                // the rules' run index has seen the partial import: the full run starts over with rules compiled afresh
                return new Outcome(null, "full (the changed classes did not import on their own)");
            }
        }
        Map<String, ClassFacts> facts = new HashMap<>();
        ResultCache.Entry entry;
        try (ImportedClasses imported = ClassImport.importClasses(contract.analyze())) {
            entry = CheckRunner.analyse(rules, base, contract, options, imported, inventory.unsupported().isPresent() ? null : facts);
        }
        if (inventory.unsupported().isEmpty() && entry.unreadable().isEmpty() && entry.duplicates().isEmpty()
                && facts.keySet().stream().allMatch(n -> n.equals(ClassFacts.UNATTRIBUTED) || inventory.classes().containsKey(n))) {
            cache.writeSealed(name, key, store(ids, inventory, facts));
        }
        return new Outcome(entry, "full (" + why + ")");
    }

    /** Why this run cannot be incremental whatever changed, or null. */
    private static String whyFull(CheckRunner.Options options, ClassInventory inventory) {
        if (options.full()) {
            return "--full";
        }
        return inventory.unsupported().orElse(null);
    }

    /** The classes that changed, those to re-check (they reach a changed one) and those to import (what those reach). */
    record Plan(Set<String> changed, Set<String> recheck, Set<String> imported) {
        static Plan of(Store previous, ClassInventory inventory) {
            Map<String, ClassInventory.ClassFile> now = inventory.classes();
            Set<String> changed = new TreeSet<>();
            now.forEach((n, f) -> {
                StoredClass before = previous.classes().get(n);
                if (before == null || !before.hash().equals(f.hash()) || before.excluded() != f.excluded()) {
                    changed.add(n);
                }
            });
            previous.classes().keySet().stream().filter(n -> !now.containsKey(n)).forEach(changed::add); // removed
            // influence edges X -> Y (X's findings may depend on Y): X -> what X names; T -> each subtype of T. The nodes are
            // the analysed classes and the library types they extend or implement (a call on one may run an analysed
            // implementation); the JDK's types are left out, as summaries never follow calls into them
            Map<String, List<String>> library = inventory.librarySupertypes();
            Set<String> nodesNow = new HashSet<>(now.keySet());
            nodesNow.addAll(library.keySet());
            Set<String> nodesBefore = new HashSet<>(previous.classes().keySet());
            nodesBefore.addAll(library.keySet());
            Map<String, Set<String>> forward = new HashMap<>();
            Map<String, Set<String>> backward = new HashMap<>();
            now.forEach((n, f) -> edges(n, f.refs(), f.supers(), forward, backward, nodesNow));
            library.forEach((n, supers) -> edges(n, List.of(), supers, forward, backward, nodesNow));
            previous.classes().forEach((n, c) -> edges(n, c.refs(), c.supers(), null, backward, nodesBefore)); // as before
            Set<String> recheck = closure(changed, backward);
            recheck.retainAll(now.keySet());
            Set<String> imported = closure(recheck, forward);
            imported.retainAll(now.keySet());
            Set<String> packages = new HashSet<>();
            imported.forEach(n -> packages.add(n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : ""));
            packages.forEach(p -> {
                String info = p.isEmpty() ? "package-info" : p + ".package-info";
                if (now.containsKey(info)) {
                    imported.add(info);
                }
            });
            return new Plan(changed, recheck, imported);
        }

        private static void edges(String n, Collection<String> refs, Collection<String> supers, Map<String, Set<String>> forward,
                                  Map<String, Set<String>> backward, Set<String> present) {
            for (String r : refs) {
                if (present.contains(r)) {
                    add(n, r, forward, backward);
                }
            }
            for (String t : supers) {
                if (present.contains(t)) {
                    add(t, n, forward, backward);
                }
            }
        }

        private static void add(String from, String to, Map<String, Set<String>> forward, Map<String, Set<String>> backward) {
            if (forward != null) {
                forward.computeIfAbsent(from, k -> new HashSet<>()).add(to);
            }
            backward.computeIfAbsent(to, k -> new HashSet<>()).add(from);
        }

        private static Set<String> closure(Set<String> start, Map<String, Set<String>> edges) {
            Set<String> seen = new HashSet<>(start);
            Deque<String> queue = new ArrayDeque<>(start);
            while (!queue.isEmpty()) {
                for (String next : edges.getOrDefault(queue.pop(), Set.of())) {
                    if (seen.add(next)) {
                        queue.add(next);
                    }
                }
            }
            return seen;
        }

        String whyFull(Store previous, ClassInventory inventory) {
            StoredClass unattributed = previous.classes().get(ClassFacts.UNATTRIBUTED);
            if (unattributed != null) {
                return "a finding of the last run names no analysed class";
            }
            int all = Math.max(1, inventory.classes().size());
            int maxChanged = limit("maxChanged", CHANGED_SHARE_PERCENT);
            int maxImported = limit("maxImported", IMPORT_SHARE_PERCENT);
            if (changed.size() * 100L > (long) maxChanged * all) {
                return changed.size() + " of " + all + " classes changed, more than " + maxChanged + " %";
            }
            if (imported.size() * 100L > (long) maxImported * all) {
                return "the change reaches " + imported.size() + " of " + all + " classes, more than " + maxImported + " %";
            }
            return null;
        }
    }

    /**
     * The incremental result, the facts of every evaluated class put in {@code facts} (reused and re-checked); empty when
     * the re-checked classes cannot be computed on their own.
     */
    private static Optional<Outcome> incremental(Contract contract, List<CompiledRule> rules, Path base, CheckRunner.Options options,
                                                 ClassInventory inventory, Store previous, Plan plan, long inventoryMillis,
                                                 Map<String, ClassFacts> facts) {
        Map<String, ClassFacts> fresh = new HashMap<>();
        ResultCache.Entry partial;
        Optional<ImportedClasses> subset = plan.imported().isEmpty() ? Optional.empty()
                : ClassImport.importSubset(contract.analyze(), inventory, plan.imported());
        if (plan.imported().isEmpty()) {
            partial = null;
        } else if (subset.isEmpty()) {
            return Optional.empty();
        } else {
            try (ImportedClasses imported = subset.get()) {
                partial = CheckRunner.analyse(rules, base, contract, options, imported, fresh);
            }
        }
        if (fresh.containsKey(ClassFacts.UNATTRIBUTED)) {
            return Optional.empty();
        }
        previous.classes().forEach((n, c) -> {
            if (c.facts() != null && !plan.recheck().contains(n) && inventory.classes().containsKey(n)) {
                facts.put(n, c.facts());
            }
        });
        plan.recheck().forEach(n -> {
            if (fresh.containsKey(n)) {
                facts.put(n, fresh.get(n));
            }
        });
        Map<String, Long> millis = new HashMap<>();
        if (partial != null) {
            partial.rules().forEach(r -> millis.put(r.id(), r.millis()));
        }
        ResultCache.Entry entry = assemble(rules, facts, inventoryMillis + (partial == null ? 0 : partial.importMillis()),
                partial == null ? 0 : partial.evaluateMillis(), millis);
        return Optional.of(new Outcome(entry, "incremental(" + plan.recheck().size() + " classes)"));
    }

    /** A run's result from the facts of every evaluated class, exactly as {@link CheckRunner#analyse} computes it over them all. */
    static ResultCache.Entry assemble(List<CompiledRule> rules, Map<String, ClassFacts> facts, long importMillis, long evaluateMillis,
                                      Map<String, Long> millis) {
        Map<String, Set<String>> annotationTypes = new HashMap<>();
        Set<String> globs = new HashSet<>();
        Set<String> selectors = new HashSet<>();
        int[] checked = new int[rules.size()];
        List<Finding> findings = new ArrayList<>();
        Set<String> packages = new HashSet<>();
        facts.forEach((n, f) -> {
            packages.add(n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : "");
            f.annotations().forEach(a -> annotationTypes.computeIfAbsent(simpleName(a), k -> new TreeSet<>()).add(a));
            globs.addAll(f.globs());
            selectors.addAll(f.selectors());
            f.scopes().forEach(i -> checked[i]++);
            findings.addAll(f.findings());
        });
        List<ResultCache.RuleRun> runs = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            CompiledRule rule = rules.get(i);
            List<String> unmatched = new ArrayList<>();
            for (var param : rule.codeGlobs().entrySet()) {
                for (String glob : param.getValue()) {
                    if (!globs.contains(ClassFacts.globKey(i, param.getKey(), glob))) {
                        unmatched.add(param.getKey() + ": " + glob);
                    }
                }
            }
            findings.addAll(CheckRunner.ambiguousAnnotations(rule, () -> annotationTypes));
            for (int s = 0; s < rule.selectors().size(); s++) {
                CompiledRule.WrittenSelector selector = rule.selectors().get(s);
                if (!selectors.contains(i + ":" + s)) {
                    unmatched.add(selector.label() + ": " + selector.predicate().getDescription());
                    if (!rule.spec().allowEmpty()) {
                        findings.add(CheckRunner.selectorProblem(rule.spec(), selector, WrittenSelectors.describe(selector)));
                    }
                }
            }
            runs.add(new ResultCache.RuleRun(rule.spec().id(), millis.getOrDefault(rule.spec().id(), 0L), checked[i], List.copyOf(unmatched)));
        }
        return new ResultCache.Entry(facts.size(), packages.size(), importMillis, evaluateMillis, runs, CheckRunner.finish(rules, findings),
                List.of(), List.of());
    }

    /** A type's simple name from its binary name, as {@code JavaClass.getSimpleName()} gives it for a named type. */
    static String simpleName(String binaryName) {
        String tail = binaryName.substring(binaryName.lastIndexOf('.') + 1);
        return tail.substring(tail.lastIndexOf('$') + 1);
    }

    private static Store store(List<String> ids, ClassInventory inventory, Map<String, ClassFacts> facts) {
        Map<String, StoredClass> classes = new LinkedHashMap<>();
        inventory.classes().forEach((n, f) -> classes.put(n, new StoredClass(f.hash(), List.copyOf(f.refs()), f.supers(), f.excluded(),
                facts.get(n))));
        if (facts.containsKey(ClassFacts.UNATTRIBUTED)) {
            classes.put(ClassFacts.UNATTRIBUTED, new StoredClass("", List.of(), List.of(), false, facts.get(ClassFacts.UNATTRIBUTED)));
        }
        return new Store(ids, classes);
    }
}
