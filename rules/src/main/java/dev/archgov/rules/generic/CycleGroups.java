package dev.archgov.rules.generic;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import dev.archgov.spi.Violation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        // edge A -> B with its first dependency in source order (the one a finding points at)
        Map<String, TreeMap<String, Dependency>> edges = new TreeMap<>();
        members.forEach((name, classes) -> {
            TreeMap<String, Dependency> out = new TreeMap<>();
            for (JavaClass c : classes) {
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    String target = sliceOf.get(d.getTargetClass());
                    if (target != null && !target.equals(name) && !IgnoredDependencies.ignored(ignored, c, d.getTargetClass())) {
                        out.merge(target, d, (a, b) -> SOURCE_ORDER.compare(a, b) <= 0 ? a : b);
                    }
                }
            }
            edges.put(name, out);
        });
        for (List<String> group : new Tarjan(edges).groups()) {
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
                    + "; e.g. " + first.getOriginClass().getName() + " -> " + first.getTargetClass().getName();
            Violation v = new Violation("cycle[" + String.join(", ", inGroup) + "]", "", first.getSourceCodeLocation().getSourceClass(),
                    first.getSourceCodeLocation().getLineNumber(), detail);
            events.add(SimpleConditionEvent.violated(v, detail));
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

    /** Strongly connected components of more than one node, iteratively (no recursion depth limit), in name order. */
    private static final class Tarjan {
        private final Map<String, TreeMap<String, Dependency>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<List<String>> groups = new ArrayList<>();

        Tarjan(Map<String, TreeMap<String, Dependency>> edges) {
            this.edges = edges;
        }

        List<List<String>> groups() {
            for (String node : edges.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            groups.sort(Comparator.comparing(g -> g.get(0)));
            return groups;
        }

        private void visit(String root) {
            Deque<Map.Entry<String, Iterator<String>>> work = new ArrayDeque<>();
            enter(root, work);
            while (!work.isEmpty()) {
                var top = work.peek();
                String node = top.getKey();
                if (top.getValue().hasNext()) {
                    String next = top.getValue().next();
                    if (!index.containsKey(next)) {
                        enter(next, work);
                    } else if (onStack.contains(next)) {
                        low.put(node, Math.min(low.get(node), index.get(next)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    List<String> group = new ArrayList<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        group.add(member);
                    } while (!member.equals(node));
                    if (group.size() > 1) {
                        group.sort(Comparator.naturalOrder());
                        groups.add(group);
                    }
                }
            }
        }

        private void enter(String node, Deque<Map.Entry<String, Iterator<String>>> work) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.push(node);
            onStack.add(node);
            work.push(Map.entry(node, edges.getOrDefault(node, new TreeMap<>()).keySet().iterator()));
        }
    }
}
