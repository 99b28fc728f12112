package dev.archgov.rules.support;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.archgov.engine.spi.Violation;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** An ArchUnit condition over classes whose check reports archgov {@link Violation}s (e.g. found with the flow lens). */
public final class FlowCondition extends ArchCondition<JavaClass> {
    private final BiConsumer<JavaClass, Consumer<Violation>> check;

    public FlowCondition(String description, BiConsumer<JavaClass, Consumer<Violation>> check) {
        super(description);
        this.check = check;
    }

    /**
     * Reports each distinct violation once: javac copies a {@code finally} body onto every exit path, so one source
     * line can show up as several identical instructions.
     */
    @Override
    public void check(JavaClass javaClass, ConditionEvents events) {
        java.util.Set<Violation> seen = new java.util.HashSet<>();
        check.accept(javaClass, v -> {
            if (seen.add(v)) {
                events.add(SimpleConditionEvent.violated(v, v.location().getName() + ": " + v.message() + " in " + v.element()));
            }
        });
    }
}
