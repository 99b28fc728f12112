package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The run's index: entries computed once per class and key, and nothing kept once the run is closed. */
class RunIndexTest {
    private static final RunIndex.Key<Boolean> NAMED_LIKE_A_LIST = RunIndex.Key.named("named like a list");
    private final JavaClasses classes = new ClassFileImporter().importClasses(ArrayList.class, String.class);

    @Test
    void aMemoisedPredicateAsksOncePerClassAndKeepsItsDescription() {
        List<String> asked = new ArrayList<>();
        DescribedPredicate<JavaClass> listLike = DescribedPredicate.describe("named like a list", c -> {
            asked.add(c.getSimpleName());
            return c.getSimpleName().endsWith("List");
        });
        try (RunIndex index = new RunIndex()) {
            DescribedPredicate<JavaClass> memo = index.memo(NAMED_LIKE_A_LIST, listLike);
            DescribedPredicate<JavaClass> again = index.memo(NAMED_LIKE_A_LIST, listLike); // a second rule asking the same question
            JavaClass list = classes.get(ArrayList.class);
            JavaClass string = classes.get(String.class);
            assertThat(memo.test(list)).isTrue();
            assertThat(again.test(list)).isTrue();
            assertThat(memo.test(string)).isFalse();
            assertThat(again.test(string)).isFalse();
            assertThat(asked).containsExactly("ArrayList", "String");
            assertThat(memo.getDescription()).isEqualTo("named like a list");
        }
    }

    @Test
    void aClosedIndexKeepsNothing() {
        List<String> asked = new ArrayList<>();
        RunIndex index = new RunIndex();
        index.close();
        DescribedPredicate<JavaClass> memo = index.memo(NAMED_LIKE_A_LIST, DescribedPredicate.describe("counted", c -> asked.add(c.getSimpleName())));
        memo.test(classes.get(String.class));
        memo.test(classes.get(String.class));
        assertThat(asked).containsExactly("String", "String");
    }
}
