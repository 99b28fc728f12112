package dev.archgov.engine.eval;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.imports.ClassImport;
import dev.archgov.engine.imports.ClassInventory;
import dev.archgov.engine.imports.ImportedClasses;
import dev.archgov.engine.report.Finding;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Summaries;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run that re-checks only the classes a change reaches, with every other class's part of the previous run reused:
 * the result is exactly a full run's (same findings, fingerprints, counts and notices).
 *
 * <p>After each run with a cache, the per-class results are kept (next to the result cache, keyed by everything but the
 * analysed classes' content: {@link ResultCache#incrementalKey}): each class's content hash (class file and source file),
 * what its bytes said ({@link ClassInventory.Parsed}: the classes it names, its supertypes, digests of its declarations
 * and of its calls, the classes whose code it calls), and its {@link ClassFacts} (with how near it is to each pack's
 * effects and what its methods summarise to). The next run compares
 * content hashes ({@link ClassInventory}, parsing only changed class files). A class's findings can depend on the
 * declarations of the classes it refers to and, through method summaries alone, on their code and that of the analysed
 * implementations summaries follow ({@link Locality#CLASS}); so a change of method bodies alone is re-checked alone
 * when its summaries come out as they were, else with the classes that can see it through summaries ({@link Plan}),
 * any other with every class that reaches it; the classes
 * imported are those and the code their summaries take in, everything else resolving from the inputs as in a full
 * import.
 *
 * <p>It runs in full, and says why in {@code timings.mode}, when: asked to ({@code --full}); there is no earlier result;
 * a rule is graph-wide ({@link Locality#GRAPH}: cycles, callers, incoming layer checks, configuration checkpoints); the
 * inputs cannot be compared class by class (a multi-release jar, a class in two inputs); the inputs' other files changed; more than
 * {@value #CHANGED_SHARE_PERCENT} % of the classes changed; or the change reaches more than
 * {@value #IMPORT_SHARE_PERCENT} % of them (where importing them costs about as much as importing all).
 */
final class IncrementalRun {
    static final int CHANGED_SHARE_PERCENT = 5;
    static final int IMPORT_SHARE_PERCENT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalRun.class);

    /** The limits in percent of the classes; the system properties {@code archgov.incremental.maxChanged} and {@code maxImported} change them. */
    private static int limit(String property, int otherwise) {
        return Math.max(0, Math.min(100, Integer.getInteger("archgov.incremental." + property, otherwise)));
    }

    /** The per-class results of a run. */
    record Store(List<String> rules, String resources, Map<String, StoredClass> classes) {
    }

    /** One class file: its hash, whether excluded, its facts if it was evaluated, what others can see of it, and what its bytes said. */
    record StoredClass(String hash, boolean excluded, ClassFacts facts, String api, ClassInventory.Parsed parsed) {
        Set<String> refs() {
            return parsed == null ? Set.of() : parsed.refs();
        }

        List<String> supers() {
            return parsed == null ? List.of() : parsed.supers();
        }

        Set<String> callees() {
            return parsed == null ? Set.of() : parsed.callees();
        }

        String calls() {
            return parsed == null ? "" : parsed.calls();
        }

        String methodCalls() {
            return parsed == null ? "" : parsed.methodCalls();
        }
    }

    /**
     * The store as written (a 10,000-class code base's is several megabytes, read and written by every incremental run):
     * every class name once, in {@code names}, which the classes' references, supertypes and callees index; a class as an
     * array of its fields.
     */
    record Wire(List<String> rules, String resources, List<String> names, Map<String, WireClass> classes) {
        static Wire of(Store store) {
            Map<String, Integer> index = new HashMap<>();
            List<String> names = new ArrayList<>();
            Function<Collection<String>, int[]> indexes = all -> all.stream().mapToInt(n -> index.computeIfAbsent(n, k -> {
                names.add(k);
                return names.size() - 1;
            })).toArray();
            Map<String, WireClass> classes = new LinkedHashMap<>();
            store.classes().forEach((n, c) -> {
                ClassInventory.Parsed p = c.parsed();
                classes.put(n, p == null ? new WireClass(c.hash(), c.excluded(), c.facts(), c.api(), null, null, null, null, null, null, null, null)
                        : new WireClass(c.hash(), c.excluded(), c.facts(), c.api(), p.content(), p.source(), indexes.apply(p.refs()),
                        indexes.apply(p.supers()), indexes.apply(p.callees()), p.declarations(), p.calls(), p.methodCalls()));
            });
            return new Wire(store.rules(), store.resources(), names, classes);
        }

        Store store() {
            Map<String, StoredClass> stored = new LinkedHashMap<>();
            classes.forEach((n, c) -> stored.put(n, new StoredClass(c.hash(), c.excluded(), c.facts(), c.api(), c.content() == null ? null
                    : new ClassInventory.Parsed(c.content(), c.source(), named(c.refs(), LinkedHashSet::new), List.copyOf(named(c.supers(), ArrayList::new)),
                    named(c.callees(), LinkedHashSet::new), c.declarations(), c.calls(), c.methodCalls()))));
            return new Store(rules, resources, stored);
        }

        private <C extends Collection<String>> C named(int[] indexes, Supplier<C> collection) {
            C result = collection.get();
            for (int i : indexes) {
                result.add(names.get(i));
            }
            return result;
        }
    }

    /** One class of the store as written: a JSON array of these fields ({@code content} null when its bytes were not parsed). */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"hash", "excluded", "facts", "api", "content", "source", "refs", "supers", "callees", "declarations", "calls", "methodCalls"})
    record WireClass(String hash, boolean excluded, ClassFacts facts, String api, String content, String source, int[] refs, int[] supers,
                     int[] callees, String declarations, String calls, String methodCalls) {
    }

    /**
     * The run's result, and how it was computed ({@code full (why)} or {@code incremental(N classes)}); no result when the
     * caller must run in full with rules compiled afresh (an incremental attempt that failed after evaluating).
     */
    record Outcome(ResultCache.Entry entry, String mode) {
    }

    private IncrementalRun() {
    }

    /**
     * The run's result over the rules {@code rules}, compiled on run index {@code index} (not asked anything yet);
     * {@code recompile} compiles them again on a run index of its own (an incremental attempt that found a changed
     * class's summaries changed tries again following them).
     */
    static Outcome analyse(ResultCache cache, Contract contract, List<CompiledRule> rules, RunIndex index,
                           Function<RunIndex, List<CompiledRule>> recompile, Path base, CheckRunner.Options options, Collection<Class<?>> code) {
        for (CompiledRule r : rules) { // never incremental with this contract: nothing to read or keep, at no cost
            if (r.locality() == Locality.GRAPH) {
                return new Outcome(CheckRunner.analyse(contract, rules, base, options),
                        "full (rule " + r.spec().id() + " (" + r.spec().kind() + ") is graph-wide)");
            }
        }
        long start = System.nanoTime();
        String name;
        String key;
        try {
            key = cache.incrementalKey(contract, base, code);
        } catch (RuntimeException e) { // an input the import itself may not need (a classpath file that cannot be read): analyse in full
            return new Outcome(CheckRunner.analyse(contract, rules, base, options), "full (the inputs cannot be compared class by class: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        name = key + ".classes.json";
        List<String> ids = rules.stream().map(r -> r.spec().id()).toList();
        Optional<Store> previous = options.full() ? Optional.empty()
                : cache.readSealed(name, key, new TypeReference<Wire>() { }).map(Wire::store).filter(s -> ids.equals(s.rules()));
        Map<String, ClassInventory.Parsed> parsed = new HashMap<>();
        previous.ifPresent(p -> p.classes().forEach((n, c) -> {
            if (c.parsed() != null) {
                parsed.put(n, c.parsed());
            }
        }));
        ClassInventory inventory;
        try {
            Set<String> former = new HashSet<>();
            previous.ifPresent(p -> p.classes().values().forEach(c -> former.addAll(c.supers())));
            inventory = ClassInventory.of(contract.analyze(), cache.digests(), parsed::get, former);
        } catch (RuntimeException e) { // an input the import itself may not need (a resource that cannot be read): analyse in full
            return new Outcome(CheckRunner.analyse(contract, rules, base, options), "full (the inputs cannot be compared class by class: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        long inventoryMillis = (System.nanoTime() - start) / 1_000_000;
        String why = whyFull(options, inventory);
        if (why == null && previous.isEmpty()) {
            why = "no earlier per-class results";
        }
        if (why == null && !previous.get().resources().equals(inventory.resourcesDigest())) {
            why = "the inputs' other files changed";
        }
        if (why == null) {
            boolean subtypes = rules.stream().anyMatch(r -> r.locality() == Locality.SUBTYPES);
            boolean dependencies = contract.rules().stream().anyMatch(r -> r.params().asMap().values().stream().anyMatch(IncrementalRun::usesDependencies));
            Plan plan = Plan.of(previous.get(), inventory, subtypes, dependencies, true);
            why = plan.whyFull(previous.get(), inventory);
            if (why == null) {
                Attempt attempt = incremental(contract, rules, index, base, options, inventory, previous.get(), plan, inventoryMillis);
                if (!attempt.unequal().isEmpty()) { // the summaries of a changed class changed: again, as far as they are seen
                    Plan following = Plan.of(previous.get(), inventory, subtypes, dependencies, false);
                    String again = following.whyFull(previous.get(), inventory);
                    if (again != null) { // the rules' run index has seen the partial import: the caller compiles them afresh
                        return new Outcome(null, "full (the summaries of " + attempt.unequal().iterator().next() + " changed; " + again + ")");
                    }
                    try (RunIndex fresh = new RunIndex()) {
                        attempt = incremental(contract, recompile.apply(fresh), fresh, base, options, inventory, previous.get(), following, inventoryMillis);
                    }
                }
                if (attempt.outcome() != null) {
                    cache.writeSealed(name, key, Wire.of(store(ids, inventory, attempt.facts())));
                    return attempt.outcome();
                }
                // the rules' run index has seen the partial import: the full run starts over with rules compiled afresh
                return new Outcome(null, "full (the changed classes did not import on their own)");
            }
        }
        Map<String, ClassFacts> facts = new HashMap<>();
        ResultCache.Entry entry;
        try (ImportedClasses imported = ClassImport.importClasses(contract.analyze())) {
            entry = CheckRunner.analyse(rules, base, contract, options, imported, inventory.unsupported().isPresent() ? null : facts, null);
        }
        if (inventory.unsupported().isEmpty() && entry.unreadable().isEmpty() && entry.duplicates().isEmpty()
                && facts.keySet().stream().allMatch(n -> n.equals(ClassFacts.UNATTRIBUTED) || inventory.classes().containsKey(n))) {
            cache.writeSealed(name, key, Wire.of(store(ids, inventory, facts)));
        }
        return new Outcome(entry, "full (" + why + ")");
    }

    /** Whether a parameter's value is, or holds, a selector with {@code dependsOn}. */
    private static boolean usesDependencies(Object value) {
        return value instanceof ClassSelector s ? s.usesDependencies()
                : value instanceof Collection<?> c ? c.stream().anyMatch(IncrementalRun::usesDependencies)
                : value instanceof Map<?, ?> m && m.values().stream().anyMatch(IncrementalRun::usesDependencies);
    }

    /** Why this run cannot be incremental whatever changed, or null. */
    private static String whyFull(CheckRunner.Options options, ClassInventory inventory) {
        if (options.full()) {
            return "--full";
        }
        return inventory.unsupported().orElse(null);
    }

    /**
     * The classes that changed, those to re-check and those to import. A changed class is <em>quiet</em> when nothing
     * other classes can see of it changed: its declarations and the methods it calls are the same ({@link
     * ClassInventory.ClassFile#api}, {@code calls}), and the last run found that none of its code can be part of a
     * method summary of any pack the run used ({@link ClassFacts#reach}; which depends only on the calls it makes and on
     * the classes it calls, none of which a quiet change touches); with a selector that reads what a class depends on
     * ({@code dependsOn}, tested on the classes another class refers to), also the classes it names. A quiet class is
     * re-checked with its subtypes (rules look into the code they inherit from it). A change of method bodies alone is
     * re-checked with the classes that can see it through summaries ({@link #observers}); any other change with every
     * class that reaches it through "names" or "is a supertype of" edges.
     *
     * <p>With {@code compare}, when every change is one of method bodies alone, a changed class whose summaries the last
     * run kept is <em>compared</em>: re-checked as a quiet one, its summaries compared after the run with the last run's
     * ({@link ClassFacts#summaries}). Equal, no other class can see the change (a summary is a function of the method
     * and the depth it is asked at, {@link Summaries}, so a question entering the class finds exactly those); not equal,
     * the run is planned again without comparing.
     *
     * <p>The classes imported are the re-checked ones and what they name, transitively, so that each sees what a full
     * import shows it; and, for each type among those with at most {@link Summaries#MAX_IMPLEMENTATIONS} analysed
     * subclasses, those a summary can follow into (the others have nothing to show it), with the classes between them
     * and the type; for a type with more, none: a summary follows none of them, as {@code extensionPoints} tells the
     * run ({@link Summaries#extensionPoints}). With a rule about every subtype ({@link Locality#SUBTYPES}), every subclass of an
     * imported type is imported with what it names.
     */
    record Plan(Set<String> changed, Set<String> quiet, Set<String> compared, Set<String> recheck, Set<String> imported,
                Set<String> extensionPoints) {
        static Plan of(Store previous, ClassInventory inventory, boolean allSubtypes, boolean dependencies, boolean compare) {
            Map<String, ClassInventory.ClassFile> now = inventory.classes();
            Set<String> changed = new TreeSet<>();
            now.forEach((n, f) -> {
                StoredClass before = previous.classes().get(n);
                if (before == null || !before.hash().equals(f.hash()) || before.excluded() != f.excluded()) {
                    changed.add(n);
                }
            });
            previous.classes().keySet().stream().filter(n -> !now.containsKey(n)).forEach(changed::add); // removed
            Set<String> packs = new TreeSet<>(); // every pack's summaries a stored class was checked with
            previous.classes().values().forEach(c -> {
                if (c.facts() != null) {
                    packs.addAll(c.facts().reach().keySet());
                }
            });
            // a change of a method body alone (the same declarations and calls): other classes see it only through the
            // class's method summaries, asked at most this many calls below their questions
            Map<String, Integer> bodies = new TreeMap<>();
            for (String n : changed) {
                StoredClass before = previous.classes().get(n);
                ClassInventory.ClassFile after = now.get(n);
                if (before != null && after != null && before.excluded() == after.excluded() && after.api().equals(before.api())
                        && after.calls().equals(before.calls()) && (!dependencies || after.refs().equals(before.refs()))) {
                    bodies.put(n, seenAt(before, packs));
                }
            }
            Set<String> quiet = new TreeSet<>();
            bodies.forEach((n, depth) -> {
                if (depth == 0) {
                    quiet.add(n);
                }
            });
            Set<String> loud = new TreeSet<>(changed);
            loud.removeAll(bodies.keySet());
            // with every change one of method bodies alone, a changed class whose summaries come out equal is seen by
            // nobody (a summary is a function of the method and the depth alone): re-checked as a quiet one, compared
            // after the run, which is done again without comparing when they are not equal
            Set<String> compared = new TreeSet<>();
            if (compare && loud.isEmpty()) {
                bodies.forEach((n, depth) -> {
                    if (depth > 0 && comparable(previous.classes().get(n), packs)) {
                        compared.add(n);
                    }
                });
                compared.forEach(n -> bodies.put(n, 0));
            }
            // influence edges X -> Y (X's findings may depend on Y): X -> what X names; T -> each subtype of T. The nodes are
            // the analysed classes and the library types they extend or implement (a call on one may run an analysed
            // implementation); the JDK's types are left out, as summaries never follow calls into them
            Map<String, List<String>> library = inventory.librarySupertypes();
            Set<String> nodesNow = new HashSet<>(now.keySet());
            nodesNow.addAll(library.keySet());
            Map<String, Set<String>> subtypes = new HashMap<>();
            now.forEach((n, f) -> edges(n, f.supers(), subtypes, nodesNow));
            library.forEach((n, supers) -> edges(n, supers, subtypes, nodesNow));
            Set<String> recheck = new HashSet<>();
            if (!loud.isEmpty()) { // what reaches them, the classes as they are and as they were
                Set<String> nodes = new HashSet<>(nodesNow);
                nodes.addAll(previous.classes().keySet());
                Map<String, Set<String>> backward = new HashMap<>();
                now.forEach((n, f) -> backward(n, f.refs(), f.supers(), backward, nodes));
                library.forEach((n, supers) -> backward(n, List.of(), supers, backward, nodes));
                changed.stream().filter(previous.classes()::containsKey) // an unchanged class's edges are the same as before
                        .forEach(n -> backward(n, previous.classes().get(n).refs(), previous.classes().get(n).supers(), backward, nodes));
                recheck = closure(loud, backward);
            }
            Set<String> extensionPoints = extensionPoints(subtypes);
            recheck.addAll(observers(bodies, now, previous, changed, library, subtypes, extensionPoints));
            recheck.retainAll(now.keySet());
            if (recheck.size() * 100L > (long) limit("maxImported", IMPORT_SHARE_PERCENT) * Math.max(1, now.size())) {
                return new Plan(changed, quiet, compared, recheck, recheck, Set.of()); // too many already: what else to import is not worked out
            }
            Set<String> rechecked = recheck;
            Set<String> imported = allSubtypes ? closureWithSubtypes(recheck, names(now, nodesNow), subtypes, now.keySet())
                    : summarised(recheck, now, subtypes, extensionPoints, dependencies, (n, budget) -> rechecked.contains(n)
                            || !previous.classes().containsKey(n) || near(previous.classes().get(n), packs, budget));
            Set<String> packages = new HashSet<>();
            imported.forEach(n -> packages.add(n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : ""));
            packages.forEach(p -> {
                String info = p.isEmpty() ? "package-info" : p + ".package-info";
                if (now.containsKey(info)) {
                    imported.add(info);
                }
            });
            return new Plan(changed, quiet, compared, recheck, imported, extensionPoints);
        }

        /** Whether the last run says, for every pack, what the class's summaries were (where a question can enter it). */
        private static boolean comparable(StoredClass c, Set<String> packs) {
            if (c.facts() == null || !c.facts().reach().keySet().containsAll(packs)) {
                return false;
            }
            for (var pack : c.facts().reach().entrySet()) {
                int h = pack.getValue();
                if (h >= 0 && h < Summaries.DEPTH && !c.facts().summaries().containsKey(pack.getKey())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * How many calls below a question a summary of one of the class's methods can have an effect, in any of
         * {@code packs}, as the last run found: a summary asked {@code d} calls below sees effects at most
         * {@code DEPTH - d} classes away, so a class {@code h} classes from its nearest effect is seen down to
         * {@code DEPTH - h} calls (0: by no other class — none within reach, or only at the limit); {@code DEPTH} when the
         * last run does not say for every pack.
         */
        private static int seenAt(StoredClass c, Set<String> packs) {
            if (c.facts() == null || !c.facts().reach().keySet().containsAll(packs)) {
                return Summaries.DEPTH;
            }
            int depth = 0;
            for (int h : c.facts().reach().values()) {
                if (h >= 0) {
                    depth = Math.max(depth, Summaries.DEPTH - h);
                }
            }
            return depth;
        }

        /**
         * The classes whose findings can see a change of these method bodies (each with the depth its summaries are seen
         * down to: {@link #seenAt}): the class, the classes that inherit its code (its subclasses, with the rules that
         * look into inherited methods), and, one call further each time and as far as that depth, the classes that call
         * one of those or a supertype whose call may run them (one with at most {@link Summaries#MAX_IMPLEMENTATIONS}
         * subclasses); and what inherits their code, and so on.
         */
        private static Set<String> observers(Map<String, Integer> bodies, Map<String, ClassInventory.ClassFile> now, Store previous,
                                             Set<String> changed, Map<String, List<String>> library, Map<String, Set<String>> subtypes,
                                             Set<String> extensionPoints) {
            Map<String, Set<String>> supers = new HashMap<>();
            Map<String, Set<String>> callers = new HashMap<>();
            BiConsumer<String, Collection<String>> superOf = (n, ss) -> supers.computeIfAbsent(n, k -> new HashSet<>()).addAll(ss);
            // a class that extends or implements a type is a caller of it too when it calls it (on another object)
            BiConsumer<String, Collection<String>> callerOf = (n, callees) -> callees.forEach(r -> callers.computeIfAbsent(r, k -> new HashSet<>()).add(n));
            now.forEach((n, f) -> {
                superOf.accept(n, f.supers());
                callerOf.accept(n, f.callees());
            });
            changed.stream().filter(previous.classes()::containsKey).forEach(n -> { // as they were (an unchanged class is the same)
                superOf.accept(n, previous.classes().get(n).supers());
                callerOf.accept(n, previous.classes().get(n).callees());
            });
            library.forEach(superOf);
            // the most calls still to go at which each class's code ("inherits": also runs its subclasses' code as a
            // subclass does its own) or a type a call on which may run the changed code ("runs") is seen
            Map<String, Integer> inherits = new HashMap<>();
            Map<String, Integer> runs = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>();
            bodies.forEach((n, depth) -> {
                inherits.put(n, depth);
                queue.add(n);
            });
            while (!queue.isEmpty()) {
                String k = queue.pop();
                int in = inherits.getOrDefault(k, -1);
                int budget = Math.max(in, runs.getOrDefault(k, -1));
                if (in >= 0) {
                    for (String sub : subtypes.getOrDefault(k, Set.of())) {
                        raise(inherits, sub, in, queue);
                    }
                    for (String t : supers.getOrDefault(k, Set.of())) {
                        raise(runs, t, in, queue);
                    }
                }
                int up = runs.getOrDefault(k, -1);
                if (up >= 0) {
                    for (String t : supers.getOrDefault(k, Set.of())) {
                        raise(runs, t, up, queue);
                    }
                }
                boolean followed = in >= 0 || !extensionPoints.contains(k);
                if (budget > 0 && followed) {
                    for (String x : callers.getOrDefault(k, Set.of())) {
                        raise(inherits, x, budget - 1, queue);
                    }
                }
            }
            Set<String> result = new HashSet<>(inherits.keySet());
            runs.forEach((t, budget) -> {
                if (budget > 0) { // a supertype's own calls on itself may run the changed code, a call below
                    result.add(t);
                }
            });
            return result;
        }

        private static void raise(Map<String, Integer> budgets, String n, int budget, Deque<String> queue) {
            if (budgets.getOrDefault(n, -1) < budget) {
                budgets.put(n, budget);
                queue.add(n);
            }
        }

        /**
         * Whether the last run found the class within {@code budget} classes of an effect of one of {@code packs} (or does
         * not say for each of them): a summary asked {@code DEPTH - budget} calls below a question can have an effect from it.
         */
        private static boolean near(StoredClass c, Set<String> packs, int budget) {
            return c.facts() == null || !c.facts().reach().keySet().containsAll(packs)
                    || c.facts().reach().values().stream().anyMatch(h -> h >= 0 && h <= budget);
        }

        /**
         * The analysed classes to import for re-checking {@code recheck}: those, and the classes whose code a summary asked
         * from them can take in ({@code near}): following the types whose methods each calls or names in a method reference
         * ({@code callees}; summaries follow nothing else) — the type, its superclasses and its subclasses (a call on the
         * type may run them) — as far as summaries follow calls, with one call less at every step; with the
         * classes between such a subclass and the type (through which the import sees it as one); none of a type with more
         * than {@link Summaries#MAX_IMPLEMENTATIONS} subclasses, which summaries do not follow ({@link #extensionPoints}). Everything
         * else they name resolves from the classpath, where the analysed classes are too ({@link ClassImport#importSubset}):
         * what a rule sees of another class's declarations is the same as in a full import. With {@code dependencies} (a
         * selector reads what a class depends on), the classes a re-checked class names are imported, so that their
         * dependencies are all there.
         */
        private static Set<String> summarised(Set<String> recheck, Map<String, ClassInventory.ClassFile> now, Map<String, Set<String>> subtypes,
                                              Set<String> extensionPoints, boolean dependencies, BiPredicate<String, Integer> near) {
            Set<String> analysed = now.keySet();
            Map<String, Set<String>> supertypes = new HashMap<>();
            subtypes.forEach((t, subs) -> subs.forEach(sub -> supertypes.computeIfAbsent(sub, k -> new HashSet<>()).add(t)));
            Set<String> imported = new HashSet<>(recheck);
            Set<String> alongside = new HashSet<>();
            Map<String, Integer> budgets = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>();
            for (String r : recheck) {
                budgets.put(r, Summaries.DEPTH);
                queue.add(r);
                if (dependencies) {
                    now.get(r).refs().stream().filter(analysed::contains).forEach(imported::add);
                }
            }
            while (!queue.isEmpty()) {
                String c = queue.pop();
                int budget = budgets.get(c) - 1; // what a summary asked from c's calls may still take in
                if (budget < 0) {
                    continue;
                }
                for (String o : now.get(c).callees()) {
                    // the type and its supertypes (a call runs the method it inherits), its subtypes (a call may run theirs)
                    List<String> candidates = new ArrayList<>(closure(Set.of(o), supertypes));
                    // an extension point: a call on it runs none of them (Summaries.extensionPoints)
                    Set<String> below = extensionPoints.contains(o) ? Set.of() : below(o, subtypes);
                    if (below.stream().anyMatch(s -> !analysed.contains(s))) {
                        below.stream().filter(analysed::contains).forEach(imported::add); // a library type between: all of them
                        candidates.addAll(below);
                    } else {
                        candidates.addAll(below);
                    }
                    for (String t : candidates) {
                        if (!analysed.contains(t) || !near.test(t, budget)) {
                            continue;
                        }
                        imported.add(t);
                        if (below.contains(t)) {
                            alongside.addAll(between(t, o, below, subtypes));
                        }
                        if (budgets.getOrDefault(t, -1) < budget) {
                            budgets.put(t, budget);
                            queue.add(t);
                        }
                    }
                }
            }
            imported.addAll(alongside);
            imported.retainAll(analysed);
            return imported;
        }

        /** The analysed classes to import for re-checking {@code recheck} with rules about every subtype: what they name, transitively, with every subtype. */
        private static Set<String> closureWithSubtypes(Set<String> recheck, Map<String, Set<String>> names, Map<String, Set<String>> subtypes,
                                                       Set<String> analysed) {
            Map<String, Set<String>> forward = new HashMap<>(names);
            subtypes.forEach((t, subs) -> forward.merge(t, subs, (a, b) -> {
                Set<String> both = new HashSet<>(a);
                both.addAll(b);
                return both;
            }));
            Set<String> imported = closure(recheck, forward);
            imported.retainAll(analysed);
            return imported;
        }

        /** Every subtype of {@code type}, direct or not. */
        private static Set<String> below(String type, Map<String, Set<String>> subtypes) {
            return closure(subtypes.getOrDefault(type, Set.of()), subtypes);
        }

        /**
         * The types with more than {@link Summaries#MAX_IMPLEMENTATIONS} subtypes among the analysed classes and the
         * library types they extend (every one a full import holds): a summary follows a call on one into none of them
         * ({@link Summaries#extensionPoints}, so that a partial import need not hold that many).
         */
        static Set<String> extensionPoints(Map<String, Set<String>> subtypes) {
            Set<String> result = new HashSet<>();
            for (String type : subtypes.keySet()) {
                Set<String> seen = new HashSet<>();
                Deque<String> queue = new ArrayDeque<>(subtypes.get(type));
                while (!queue.isEmpty() && seen.size() <= Summaries.MAX_IMPLEMENTATIONS) {
                    String s = queue.pop();
                    if (seen.add(s)) {
                        queue.addAll(subtypes.getOrDefault(s, Set.of()));
                    }
                }
                if (seen.size() > Summaries.MAX_IMPLEMENTATIONS) {
                    result.add(type);
                }
            }
            return result;
        }

        /** The subtypes of {@code type} that {@code sub} extends or implements (through which the import sees it as one). */
        private static Set<String> between(String sub, String type, Set<String> below, Map<String, Set<String>> subtypes) {
            Set<String> result = new HashSet<>();
            for (String b : below) {
                if (!b.equals(sub) && closure(Set.of(b), subtypes).contains(sub)) {
                    result.add(b);
                }
            }
            return result;
        }

        /** Subtype edges: each of {@code n}'s supertypes among {@code present} -> {@code n}. */
        private static void edges(String n, Collection<String> supers, Map<String, Set<String>> subtypes, Set<String> present) {
            for (String t : supers) {
                if (present.contains(t)) {
                    subtypes.computeIfAbsent(t, k -> new HashSet<>()).add(n);
                }
            }
        }

        /** Influence edges backwards: each class {@code n} names -> {@code n}, and {@code n} -> each of its supertypes. */
        private static void backward(String n, Collection<String> refs, Collection<String> supers, Map<String, Set<String>> backward,
                                     Set<String> present) {
            for (String r : refs) {
                if (present.contains(r)) {
                    backward.computeIfAbsent(r, k -> new HashSet<>()).add(n);
                }
            }
            for (String t : supers) {
                if (present.contains(t)) {
                    backward.computeIfAbsent(n, k -> new HashSet<>()).add(t);
                }
            }
        }

        /** What each analysed class names, among {@code present}. */
        private static Map<String, Set<String>> names(Map<String, ClassInventory.ClassFile> now, Set<String> present) {
            Map<String, Set<String>> names = new HashMap<>();
            now.forEach((n, f) -> f.refs().stream().filter(present::contains).forEach(r -> names.computeIfAbsent(n, k -> new HashSet<>()).add(r)));
            return names;
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
                return "the change reaches " + imported.size() + " of " + all + " classes, more than " + maxImported + " % ("
                        + changed.size() + " changed, " + quiet.size() + " of them unseen by others, " + compared.size()
                        + " with summaries to compare, " + recheck.size() + " to re-check)";
            }
            return null;
        }
    }

    /**
     * An incremental attempt: its result and the facts of every evaluated class (reused and re-checked); no result when the
     * re-checked classes cannot be computed on their own, or when the summaries of a class the plan compares changed
     * ({@code unequal}).
     */
    private record Attempt(Outcome outcome, Map<String, ClassFacts> facts, Set<String> unequal) {
    }

    private static Attempt incremental(Contract contract, List<CompiledRule> rules, RunIndex index, Path base, CheckRunner.Options options,
                                       ClassInventory inventory, Store previous, Plan plan, long inventoryMillis) {
        Summaries.extensionPoints(index, plan.extensionPoints()); // the import holds part of their subclasses
        Map<String, ClassFacts> facts = new LinkedHashMap<>();
        Attempt none = new Attempt(null, facts, Set.of());
        Map<String, ClassFacts> fresh = new HashMap<>();
        ResultCache.Entry partial;
        LOG.info("incremental: {} classes changed ({} unseen by others, {} with summaries to compare); {} to re-check, {} to import;"
                + " inventory {} ms", plan.changed().size(), plan.quiet().size(), plan.compared().size(), plan.recheck().size(),
                plan.imported().size(), inventoryMillis);
        Optional<ImportedClasses> subset = plan.imported().isEmpty() ? Optional.empty()
                : ClassImport.importSubset(contract.analyze(), inventory, plan.imported());
        if (plan.imported().isEmpty()) {
            partial = null;
        } else if (subset.isEmpty()) {
            return none;
        } else {
            try (ImportedClasses imported = subset.get()) {
                partial = CheckRunner.analyse(rules, base, contract, options, imported, fresh, plan.recheck());
                LOG.info("incremental: imported {} classes in {} ms (what they name resolved from the inputs), evaluated in {} ms",
                        imported.classes().size(), imported.importMillis(), partial.evaluateMillis());
            }
        }
        if (fresh.containsKey(ClassFacts.UNATTRIBUTED)) {
            return none;
        }
        Set<String> unequal = new TreeSet<>();
        for (String n : plan.compared()) {
            ClassFacts now = fresh.get(n);
            if (now == null || !now.summaries().equals(previous.classes().get(n).facts().summaries())) {
                unequal.add(n);
            }
        }
        if (!unequal.isEmpty()) {
            return new Attempt(null, facts, unequal);
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
        return new Attempt(new Outcome(entry, "incremental(" + plan.recheck().size() + " classes)"), facts, Set.of());
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
        inventory.classes().forEach((n, f) -> classes.put(n, new StoredClass(f.hash(), f.excluded(), facts.get(n), f.api(), f.parsed())));
        if (facts.containsKey(ClassFacts.UNATTRIBUTED)) {
            classes.put(ClassFacts.UNATTRIBUTED, new StoredClass("", false, facts.get(ClassFacts.UNATTRIBUTED), "", null));
        }
        return new Store(ids, inventory.resourcesDigest(), classes);
    }
}
