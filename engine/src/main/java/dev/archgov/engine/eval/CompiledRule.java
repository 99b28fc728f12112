package dev.archgov.engine.eval;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.RuleSpec;

import java.util.List;
import java.util.Map;

/**
 * A contract rule together with the ArchUnit rule it compiled to, the classes it checks (for the score) and its
 * code-glob parameters ({@code cacheReads: [com.acme.MemberCache.get*]}), which the run checks against the analysed
 * code.
 */
public record CompiledRule(RuleSpec spec, ArchRule archRule, DescribedPredicate<JavaClass> scope, Map<String, List<String>> codeGlobs) {
}
