package dev.archgov.rules;

import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.spi.Kind;
import dev.archgov.spi.RuleKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bundled kind explains itself: rationale, a bad and a good example, and what bytecode cannot see (for a
 * configuration checkpoint: its source, and what the files cannot show).
 */
class KindDocsTest {

    @Test
    void everyKindHasCompleteDocsAndDescribedParameters() {
        var kinds = RuleKinds.load(getClass().getClassLoader()).all();
        assertThat(kinds).extracting(RuleKind::name).contains("layers", "forbidden-dependency", "no-cycles", "naming-and-annotation");
        assertThat(kinds).allSatisfy(kind -> {
            if (kind.name().startsWith("config-")) { // configuration checkpoints: YAML examples and the documentation they follow
                assertThat(kind.meta().docs()).as(kind.name()).contains("## Rationale", "## Bad", "## Good", "## Source", "](https://",
                        "## What the files cannot show", "```yaml");
            } else {
                assertThat(kind.meta().docs()).as(kind.name()).contains("## Rationale", "## Bad", "## Good", "## What bytecode cannot see", "```java");
            }
            assertThat(kind.meta().title()).isNotBlank();
            assertThat(kind.params()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
        });
    }

    /**
     * One name per kind: the class is named after the kind ({@code lock-inside-transaction} is
     * {@code LockInsideTransactionRule}), and its {@code @Kind} declares everything else once.
     */
    @Test
    void everyKindIsDeclaredByItsAnnotationAndNamedAfterIt() {
        var kinds = RuleKinds.load(getClass().getClassLoader()).all();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(29);
        assertThat(kinds).allSatisfy(kind -> {
            Kind declared = kind.getClass().getAnnotation(Kind.class);
            assertThat(declared).as(kind.getClass().getName()).isNotNull();
            assertThat(kind.name()).isEqualTo(declared.name());
            assertThat(kind.meta().category()).isEqualTo(declared.category());
            assertThat(kind.meta().defaultSeverity()).isEqualTo(declared.severity());
            String expected = Arrays.stream(kind.name().split("-")).map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                    .collect(Collectors.joining()) + "Rule";
            assertThat(kind.getClass().getSimpleName()).as("the class of kind %s", kind.name()).isEqualTo(expected);
        });
    }
}
