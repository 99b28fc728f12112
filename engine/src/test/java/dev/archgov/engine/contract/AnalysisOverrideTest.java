package dev.archgov.engine.contract;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths given from outside the contract replace its analyze entries, and move with the tree when a commit is exported aside. */
class AnalysisOverrideTest {
    private static final SourcePos POS = new SourcePos("archgov.yaml", 3, 3);

    @Test
    void givenListsReplaceTheirEntriesOnlyAndDuplicatesAreDropped() {
        Analyze own = new Analyze(List.of(new PathEntry(Path.of("/repo/a/classes"), "a/classes", POS)), List.of(new PathEntry(Path.of("/repo/lib/x.jar"), "lib/x.jar", POS)),
                List.of(), List.of("com.acme.gen.."), true, Optional.of(17), true);
        Contract contract = new Contract(Path.of("/repo/archgov.yaml"), 1, "c", List.of(), own, Map.of(), List.of(), List.of(), null, null, "hash", List.of());
        AnalysisOverride override = new AnalysisOverride(List.of(Path.of("/repo/b/classes"), Path.of("/repo/b/../b/classes")), List.of(), List.of(Path.of("/repo/b/src")), "maven");

        Analyze analysed = override.applyTo(contract).analyze();
        assertThat(analysed.classes()).extracting(PathEntry::path).containsExactly(Path.of("/repo/b/classes"));
        assertThat(analysed.classes().get(0).pos().file()).isEqualTo("maven");
        assertThat(analysed.classpath()).isEqualTo(own.classpath()); // not given: the contract's
        assertThat(analysed.sources()).extracting(PathEntry::path).containsExactly(Path.of("/repo/b/src"));
        assertThat(analysed.exclude()).containsExactly("com.acme.gen..");
        assertThat(analysed.release()).contains(17);
        assertThat(override.applyTo(contract).hash()).isEqualTo("hash");
    }

    @Test
    void rebasedPathsMoveWithTheTreeAndOthersStay() {
        AnalysisOverride override = new AnalysisOverride(List.of(Path.of("/repo/a/target/classes")), List.of(Path.of("/home/u/.m2/x.jar")), List.of(), "maven");
        AnalysisOverride moved = override.rebased(Path.of("/repo"), Path.of("/tmp/base"));
        assertThat(moved.classes()).containsExactly(Path.of("/tmp/base/a/target/classes"));
        assertThat(moved.classpath()).containsExactly(Path.of("/home/u/.m2/x.jar"));
        assertThat(AnalysisOverride.NONE.isEmpty()).isTrue();
        assertThat(moved.isEmpty()).isFalse();
    }
}
