package dev.archgov.spi.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.Priority;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An ArchUnit rule over configuration files instead of classes: a configuration checkpoint. {@link #evaluate} runs its
 * check over the run's {@link ConfigFiles} (and may consult the analysed classes, e.g. whether Seata is used) and
 * reports each {@link FileViolation} as a violated condition event, like any class rule; the elements it looked at
 * (containers, bindings, routes) are what the health score counts as checked.
 */
public final class ConfigRule implements ArchRule {
    /** What a checkpoint does: report violations, and count each element examined with {@code checked}. */
    @FunctionalInterface
    public interface Check {
        void run(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked);
    }

    private final String description;
    private final ConfigFiles files;
    private final Check check;
    private final AtomicInteger checked;

    public ConfigRule(String description, ConfigFiles files, Check check) {
        this(description, files, check, new AtomicInteger());
    }

    private ConfigRule(String description, ConfigFiles files, Check check, AtomicInteger checked) {
        this.description = description;
        this.files = files;
        this.check = check;
        this.checked = checked;
    }

    /** The files the rule reads: loaded (and so validated) before any rule runs. */
    public ConfigFiles files() {
        return files;
    }

    /** How many elements the last evaluation examined. */
    public int checked() {
        return checked.get();
    }

    @Override
    public EvaluationResult evaluate(JavaClasses classes) {
        ConditionEvents events = ConditionEvents.Factory.create();
        AtomicInteger count = new AtomicInteger();
        if (files.declared()) {
            check.run(files, classes, v -> events.add(SimpleConditionEvent.violated(v, v.message())), count::incrementAndGet);
        }
        checked.set(count.get());
        return new EvaluationResult(this, events, Priority.MEDIUM);
    }

    @Override
    public void check(JavaClasses classes) {
        EvaluationResult result = evaluate(classes);
        if (result.hasViolation()) {
            throw new AssertionError(result.getFailureReport().toString());
        }
    }

    @Override
    public ArchRule because(String reason) {
        return new ConfigRule(description + ", because " + reason, files, check, checked);
    }

    @Override
    public ArchRule allowEmptyShould(boolean allow) {
        return this;
    }

    @Override
    public ArchRule as(String newDescription) {
        return new ConfigRule(newDescription, files, check, checked);
    }

    @Override
    public String getDescription() {
        return description;
    }
}
