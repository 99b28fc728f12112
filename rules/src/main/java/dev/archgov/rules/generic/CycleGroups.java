package dev.archgov.rules.generic;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import dev.archgov.spi.Graphs;
import dev.archgov.spi.Violation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Slices must not depend on each other in a cycle, reported as <em>cycle groups</em>: the strongly connected
 * components of the slice dependency graph, each found whole (Tarjan's algorithm, nodes and edges in name order).
 * One finding per group, at the group's first dependency in source order, with the shortest cycle through its first
 * slice as the example. Unlike an enumeration of elementary cycles, which explodes on a tangle (ArchUnit's stops at
 * 100, and which 100 depends on hash order, so findings changed from run to run), this is complete and the same
 * on every run.
 */
final class CycleGroups extends ArchCondition<Slice> {
    private final List<Slice> slices = new ArrayList<>();
    private final List<IgnoredDependencies.Pair> ignored;

    CycleGroups() {
        this(List.of());
    }

    /** @param ignored class dependencies left out of the slice graph (the rule's {@code ignore} pairs) */
    CycleGroups(List<IgnoredDependencies.Pair> ignored) {
        super("be free of cycles");
        this.ignored = List.copyOf(ignored);
    }

    @Override
    public void init(Collection<Slice> all) {
        slices.clear();
        slices.addAll(all);
    }

    @Override
    public void check(Slice slice, ConditionEvents events) {
        // the graph is judged as a whole in finish()
    }

    @Override
    public void finish(ConditionEvents events) {
        Map<JavaClass, String> sliceOf = new HashMap<>();
        Map<String, List<JavaClass>> members = new TreeMap<>();
        for (Slice s : slices) {
            String name = name(s);
            for (JavaClass c : s) {
                sliceOf.put(c, name);
                members.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
            }
        }
        // edge A -> B with its first dependency in source order (the one a finding points at), and all of them
        Map<String, TreeMap<String, Dependency>> edges = new TreeMap<>();
        Map<String, Map<String, List<Dependency>>> all = new HashMap<>();
        members.forEach((name, classes) -> {
            TreeMap<String, Dependency> out = new TreeMap<>();
            Map<String, List<Dependency>> outAll = new HashMap<>();
            for (JavaClass c : classes) {
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    String target = sliceOf.get(d.getTargetClass());
                    if (target != null && !target.equals(name) && !IgnoredDependencies.ignored(ignored, c, d.getTargetClass())) {
                        out.merge(target, d, (a, b) -> SOURCE_ORDER.compare(a, b) <= 0 ? a : b);
                        outAll.computeIfAbsent(target, k -> new ArrayList<>()).add(d);
                    }
                }
            }
            edges.put(name, out);
            all.put(name, outAll);
        });
        for (List<String> group : groups(edges)) {
            Set<String> inGroup = new TreeSet<>(group);
            List<String> cycle = shortestCycle(inGroup.iterator().next(), inGroup, edges);
            Dependency first = null; // the example dependency: the first in source order among the printed cycle's edges
            for (int i = 0; i + 1 < cycle.size(); i++) {
                Dependency d = edges.get(cycle.get(i)).get(cycle.get(i + 1));
                if (first == null || SOURCE_ORDER.compare(d, first) < 0) {
                    first = d;
                }
            }
            String example = String.join(" -> ", cycle);
            String detail = (inGroup.size() == 2 || cycle.size() - 1 == inGroup.size() ? "Cycle " + example
                    : "Cycle group of " + inGroup.size() + " slices; shortest cycle through " + cycle.get(0) + ": " + example)
                    + "; e.g. " + first.getOriginClass().getName() + " -> " + first.getTargetClass().getName()
                    + elementaryCycles(inGroup, edges) + edgesOf(inGroup, edges, all);
            Violation v = new Violation("cycle[" + String.join(", ", inGroup) + "]", "", first.getSourceCodeLocation().getSourceClass(),
                    first.getSourceCodeLocation().getLineNumber(), detail);
            events.add(SimpleConditionEvent.violated(v, detail));
        }
    }

    /** How many elementary cycles of a group are counted (a tangle has more than anyone reads), and how many are listed. */
    static final int CYCLES_COUNTED = 1000;
    static final int CYCLES_LISTED = 10;
    /** How many edges of a group are listed (in name order), and how many dependencies of each with their file and line. */
    static final int EDGES_LISTED = 20;
    static final int DEPENDENCIES_LISTED = 3;

    /**
     * The group's elementary cycles (Johnson's algorithm over the group, slices and neighbours in name order, each cycle
     * starting at its smallest slice): the count, up to {@value #CYCLES_COUNTED}, and the first {@value #CYCLES_LISTED}.
     * Empty for a group of two, whose one cycle the detail already names.
     */
    static String elementaryCycles(Set<String> group, Map<String, ? extends SortedMap<String, ?>> edges) {
        if (group.size() == 2) {
            return "";
        }
        List<List<String>> found = new ArrayList<>();
        int[] count = {0};
        for (String start : group) {
            if (count[0] >= CYCLES_COUNTED) {
                break;
            }
            new Johnson(start, group, edges, found, count).circuit(start);
        }
        String more = count[0] >= CYCLES_COUNTED ? "more than " + CYCLES_COUNTED : String.valueOf(count[0]);
        String listed = found.stream().map(c -> String.join(" -> ", c)).collect(Collectors.joining("; "));
        return " | " + more + (count[0] == 1 ? " elementary cycle" : " elementary cycles") + (count[0] > found.size() ? ", the first " + found.size() : "")
                + ": " + listed;
    }

    /** Each edge inside the group: how many class dependencies make it, and where the first few are (file:line). */
    private static String edgesOf(Set<String> group, Map<String, TreeMap<String, Dependency>> edges, Map<String, Map<String, List<Dependency>>> all) {
        List<String> parts = new ArrayList<>();
        for (String from : group) {
            for (String to : edges.get(from).keySet()) {
                if (!group.contains(to)) {
                    continue;
                }
                List<Dependency> deps = new ArrayList<>(all.get(from).get(to));
                deps.sort(SOURCE_ORDER);
                String at = deps.stream().limit(DEPENDENCIES_LISTED).map(CycleGroups::fileAndLine).distinct().collect(Collectors.joining(", "));
                parts.add(from + " -> " + to + ": " + deps.size() + (deps.size() == 1 ? " dependency" : " dependencies")
                        + " (" + at + (deps.size() > DEPENDENCIES_LISTED ? ", …" : "") + ")");
            }
        }
        if (parts.size() > EDGES_LISTED) {
            int more = parts.size() - EDGES_LISTED;
            return " | " + parts.size() + " edges, the first " + EDGES_LISTED + ": " + String.join("; ", parts.subList(0, EDGES_LISTED)) + "; … (" + more + " more)";
        }
        return " | edges: " + String.join("; ", parts);
    }

    private static String fileAndLine(Dependency d) {
        var location = d.getSourceCodeLocation();
        String file = location.getSourceClass().getPackageName().replace('.', '/') + "/" + location.getSourceFileName();
        return location.getLineNumber() > 0 ? file + ":" + location.getLineNumber() : file; // a declaration of the class: no line
    }

    /** Johnson's search for the elementary cycles through {@code start} among the group's slices not before it. */
    private static final class Johnson {
        private final String start;
        private final Set<String> group;
        private final Map<String, ? extends SortedMap<String, ?>> edges;
        private final List<List<String>> found;
        private final int[] count;
        private final Deque<String> path = new ArrayDeque<>();
        private final Set<String> blocked = new HashSet<>();
        private final Map<String, Set<String>> blockedBy = new HashMap<>();

        Johnson(String start, Set<String> group, Map<String, ? extends SortedMap<String, ?>> edges, List<List<String>> found, int[] count) {
            this.start = start;
            this.group = group;
            this.edges = edges;
            this.found = found;
            this.count = count;
        }

        /** Whether a cycle back to the start was found from {@code v} (recursion depth: at most the group's size). */
        boolean circuit(String v) {
            boolean closed = false;
            path.addLast(v);
            blocked.add(v);
            for (String w : edges.get(v).keySet()) {
                if (count[0] >= CYCLES_COUNTED) {
                    break;
                }
                if (!group.contains(w) || w.compareTo(start) < 0) {
                    continue;
                }
                if (w.equals(start)) {
                    if (found.size() < CYCLES_LISTED) {
                        List<String> cycle = new ArrayList<>(path);
                        cycle.add(start);
                        found.add(cycle);
                    }
                    count[0]++;
                    closed = true;
                } else if (!blocked.contains(w) && circuit(w)) {
                    closed = true;
                }
            }
            if (closed) {
                unblock(v);
            } else {
                for (String w : edges.get(v).keySet()) {
                    if (group.contains(w) && w.compareTo(start) >= 0) {
                        blockedBy.computeIfAbsent(w, k -> new HashSet<>()).add(v);
                    }
                }
            }
            path.removeLast();
            return closed;
        }

        private void unblock(String u) {
            Deque<String> work = new ArrayDeque<>(List.of(u));
            while (!work.isEmpty()) {
                String x = work.pop();
                if (blocked.remove(x)) {
                    Set<String> waiting = blockedBy.remove(x);
                    if (waiting != null) {
                        work.addAll(waiting);
                    }
                }
            }
        }
    }

    /** Source order: file (package path + source file name), line, then the dependency's text. */
    private static final Comparator<Dependency> SOURCE_ORDER = Comparator
            .comparing((Dependency d) -> d.getSourceCodeLocation().getSourceClass().getPackageName() + "/"
                    + d.getSourceCodeLocation().getSourceFileName())
            .thenComparingInt(d -> d.getSourceCodeLocation().getLineNumber())
            .thenComparing(Dependency::getDescription);

    /** The slice's name: as the rule names slices (by default its captured parts joined with dots). */
    static String name(Slice s) {
        return s.getDescription();
    }

    /** The strongly connected components of more than one slice, each in name order, ordered by their first slice. */
    private static List<List<String>> groups(Map<String, TreeMap<String, Dependency>> edges) {
        List<List<String>> groups = new ArrayList<>();
        for (List<String> component : Graphs.stronglyConnected(edges.keySet(), n -> edges.getOrDefault(n, new TreeMap<>()).keySet())) {
            if (component.size() > 1) {
                component.sort(Comparator.naturalOrder());
                groups.add(component);
            }
        }
        groups.sort(Comparator.comparing(g -> g.get(0)));
        return groups;
    }

    /** Breadth-first from {@code start} back to it inside the group, neighbours in name order: start, …, start. */
    private static List<String> shortestCycle(String start, Set<String> group, Map<String, TreeMap<String, Dependency>> edges) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.removeFirst();
            for (String next : edges.get(at).keySet()) {
                if (!group.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String p = at; !p.equals(start); p = parent.get(p)) {
                        path.add(1, p);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(next)) {
                    parent.put(next, at);
                    queue.addLast(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in its own strongly connected component");
    }
}
