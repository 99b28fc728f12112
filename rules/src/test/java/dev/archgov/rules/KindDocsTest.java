package dev.archgov.rules;

import dev.archgov.engine.spi.RuleKind;
import dev.archgov.engine.spi.RuleKinds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bundled kind explains itself: rationale, a bad and a good example, and what bytecode cannot see. */
class KindDocsTest {

    @Test
    void everyKindHasCompleteDocsAndDescribedParameters() {
        var kinds = RuleKinds.load(getClass().getClassLoader()).all();
        assertThat(kinds).extracting(RuleKind::name).contains("layers", "forbidden-dependency", "no-cycles", "naming-and-annotation");
        assertThat(kinds).allSatisfy(kind -> {
            assertThat(kind.meta().docs()).contains("## Rationale", "## Bad", "## Good", "## What bytecode cannot see", "```java");
            assertThat(kind.meta().title()).isNotBlank();
            assertThat(kind.params()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
        });
    }
}
