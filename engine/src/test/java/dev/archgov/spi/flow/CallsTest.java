package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.archgov.spi.RunIndex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call instruction's owner is found from the calling class alone, constructors included: summaries look callees up
 * this way, and a lookup that only found a constructed type when another class had asked first made a class's summary
 * depend on which class the run happened to ask about first.
 */
class CallsTest {
    static class Made {
        Made() {
        }

        void use() {
        }
    }

    static class OnlyConstructs {
        Object make() {
            return new Made();
        }
    }

    static class CallsAMethod {
        void call(Made m) {
            m.use();
        }
    }

    @Test
    void theOwnerOfAConstructorCallIsFoundFromTheCallingClass() {
        var classes = new ClassFileImporter().importClasses(Made.class, OnlyConstructs.class, CallsAMethod.class);
        try (RunIndex index = new RunIndex()) {
            JavaClass constructs = classes.get(OnlyConstructs.class);
            assertThat(Calls.of(index, constructs).owner(Made.class.getName().replace('.', '/'))).map(JavaClass::getName)
                    .contains(Made.class.getName());
            assertThat(Calls.of(index, classes.get(CallsAMethod.class)).owner(Made.class.getName().replace('.', '/')))
                    .map(JavaClass::getName).contains(Made.class.getName());
            assertThat(Calls.of(index, constructs).owner("java/lang/String")).isEmpty();
        }
    }
}
