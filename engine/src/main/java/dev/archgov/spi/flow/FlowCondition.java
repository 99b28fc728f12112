package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/** An ArchUnit condition over classes whose check reports archgov {@link Violation}s (e.g. found with the flow lens). */
public final class FlowCondition extends ArchCondition<JavaClass> {
    private final RunIndex index;
    private final Check check;

    /** The check of one class, with what the run knows about its classes. */
    @FunctionalInterface
    public interface Check {
        void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink);
    }

    public FlowCondition(String description, RunIndex index, Check check) {
        super(description);
        this.index = index;
        this.check = check;
    }

    /**
     * Reports each distinct violation once: javac copies a {@code finally} body onto every exit path, so one source
     * line can show up as several identical instructions.
     */
    @Override
    public void check(JavaClass javaClass, ConditionEvents events) {
        Set<Violation> seen = new HashSet<>();
        check.check(index, javaClass, v -> {
            if (seen.add(v)) {
                events.add(SimpleConditionEvent.violated(v, v.location().getName() + ": " + v.message() + " in " + v.element()));
            }
        });
    }
}
