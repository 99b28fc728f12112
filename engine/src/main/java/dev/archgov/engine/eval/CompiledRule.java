package dev.archgov.engine.eval;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.RuleSpec;

/** A contract rule together with the ArchUnit rule it compiled to. */
public record CompiledRule(RuleSpec spec, ArchRule archRule) {
}
