package dev.archgov.spi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Graph algorithms a rule kind needs over the analysed code (cycles of slices, recursive calls). */
public final class Graphs {
    private Graphs() {
    }

    /**
     * The strongly connected components of the graph {@code next} spans from {@code starts} (Tarjan's algorithm, without
     * recursion: dependency chains and call chains are long), each listed once, single nodes too; nodes are visited in
     * the order of {@code starts} and of each node's successors.
     */
    public static <T> List<List<T>> stronglyConnected(Collection<T> starts, Function<T, ? extends Collection<T>> next) {
        Map<T, Integer> order = new HashMap<>();
        Map<T, Integer> low = new HashMap<>();
        Deque<T> stack = new ArrayDeque<>();
        Set<T> onStack = new HashSet<>();
        List<List<T>> result = new ArrayList<>();
        for (T root : starts) {
            if (order.containsKey(root)) {
                continue;
            }
            Deque<T> path = new ArrayDeque<>();
            Deque<Iterator<T>> pending = new ArrayDeque<>();
            enter(root, order, low, stack, onStack);
            path.push(root);
            pending.push(next.apply(root).iterator());
            while (!path.isEmpty()) {
                T v = path.peek();
                Iterator<T> it = pending.peek();
                if (it.hasNext()) {
                    T w = it.next();
                    if (!order.containsKey(w)) {
                        enter(w, order, low, stack, onStack);
                        path.push(w);
                        pending.push(next.apply(w).iterator());
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), order.get(w)));
                    }
                    continue;
                }
                path.pop();
                pending.pop();
                if (!path.isEmpty()) {
                    low.put(path.peek(), Math.min(low.get(path.peek()), low.get(v)));
                }
                if (low.get(v).equals(order.get(v))) {
                    List<T> component = new ArrayList<>();
                    T w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    result.add(component);
                }
            }
        }
        return result;
    }

    private static <T> void enter(T v, Map<T, Integer> order, Map<T, Integer> low, Deque<T> stack, Set<T> onStack) {
        order.put(v, order.size());
        low.put(v, order.get(v));
        stack.push(v);
        onStack.add(v);
    }
}
