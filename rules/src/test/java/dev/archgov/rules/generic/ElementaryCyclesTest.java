package dev.archgov.rules.generic;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The elementary cycles a cycle group lists: counted exactly up to the cap, listed in name order, never exploding. */
class ElementaryCyclesTest {
    /** Every slice depends on every other: the complete graph on {@code n} slices. */
    private static Map<String, TreeMap<String, Object>> complete(int n) {
        Map<String, TreeMap<String, Object>> edges = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            TreeMap<String, Object> out = new TreeMap<>();
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    out.put("s" + j, "dep");
                }
            }
            edges.put("s" + i, out);
        }
        return edges;
    }

    @Test
    void countsEveryCycleOfASmallTangleAndListsTheFirstInNameOrder() {
        var edges = complete(4); // 6 two-cycles, 8 three-cycles, 6 four-cycles
        String text = CycleGroups.elementaryCycles(new TreeSet<>(edges.keySet()), edges);
        assertThat(text).startsWith(" | 20 elementary cycles, the first 10: s0 -> s1 -> s0; s0 -> s1 -> s2 -> s0; s0 -> s1 -> s2 -> s3 -> s0; ");
        assertThat(text.split("; ")).hasSize(10);
    }

    @Test
    void aTangleBeyondTheCapIsCountedUpToItAndSaysSo() {
        var edges = complete(7); // 1,172 elementary cycles
        String text = CycleGroups.elementaryCycles(new TreeSet<>(edges.keySet()), edges);
        assertThat(text).startsWith(" | more than " + CycleGroups.CYCLES_COUNTED + " elementary cycles, the first 10: ");
    }

    @Test
    void aRingHasOneCycleThroughEverySlice() {
        Map<String, TreeMap<String, Object>> ring = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            ring.put("r" + i, new TreeMap<>(Map.of("r" + (i + 1) % 5, "dep")));
        }
        assertThat(CycleGroups.elementaryCycles(Set.copyOf(new TreeSet<>(ring.keySet())), ring))
                .isEqualTo(" | 1 elementary cycle: r0 -> r1 -> r2 -> r3 -> r4 -> r0");
    }
}
