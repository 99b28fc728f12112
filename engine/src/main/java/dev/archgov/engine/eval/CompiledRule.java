package dev.archgov.engine.eval;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.RuleSpec;

/** A contract rule together with the ArchUnit rule it compiled to and the classes it checks (for the score). */
public record CompiledRule(RuleSpec spec, ArchRule archRule, DescribedPredicate<JavaClass> scope) {
}
