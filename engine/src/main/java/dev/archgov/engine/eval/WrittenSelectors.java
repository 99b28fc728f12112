package dev.archgov.engine.eval;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the selectors a contract wrote match anything: a selector that matches no analysed class and nothing the
 * analysed code depends on leaves its rule checking nothing through it. {@code check} fails such a rule (unless it says
 * {@code allowEmpty: true}); {@code validate} warns about it when the classes are built.
 */
public final class WrittenSelectors {
    private final JavaClasses classes;
    /** What the analysed code depends on (library types a {@code to:} selector names): gathered once, and only if a selector needs it. */
    private final Once<Set<JavaClass>> dependedOn;

    public WrittenSelectors(JavaClasses classes) {
        this.classes = classes;
        this.dependedOn = new Once<>(() -> {
            Set<JavaClass> targets = new HashSet<>();
            classes.forEach(c -> c.getDirectDependenciesFromSelf().forEach(d -> targets.add(d.getTargetClass())));
            return targets;
        });
    }

    /** The rule's written selectors that match nothing. */
    public List<CompiledRule.WrittenSelector> matchingNothing(CompiledRule rule) {
        List<CompiledRule.WrittenSelector> result = new ArrayList<>();
        for (CompiledRule.WrittenSelector s : rule.selectors()) {
            if (classes.stream().noneMatch(s.predicate()) && dependedOn.get().stream().noneMatch(s.predicate())) {
                result.add(s);
            }
        }
        return result;
    }

    /** What a selector matching nothing means, for every command that says it. */
    public static String describe(CompiledRule.WrittenSelector s) {
        return "selector " + s.label() + " (" + s.predicate().getDescription() + ") matches no analysed class and nothing the analysed code "
                + "depends on: the rule checks nothing through it; fix the selector (a moved package, a typo?) or set allowEmpty: true on the rule";
    }
}
