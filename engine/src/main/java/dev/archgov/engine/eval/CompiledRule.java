package dev.archgov.engine.eval;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RunIndex;

import java.util.List;
import java.util.Map;

/**
 * A contract rule together with the ArchUnit rule it compiled to, the classes it checks (for the score) and its
 * code-glob parameters ({@code cacheReads: [com.acme.MemberCache.get*]}) and the selectors its contract wrote (a pack's
 * own selectors aside), which the run checks against the analysed code; and what its findings about a class can depend on
 * (whether an incremental run may re-check only the classes a change reaches); and the run index it was compiled for.
 */
public record CompiledRule(RuleSpec spec, ArchRule archRule, DescribedPredicate<JavaClass> scope, Map<String, List<String>> codeGlobs,
                           List<WrittenSelector> selectors, Locality locality, RunIndex index) {

    /**
     * A selector written in the contract's params of the rule ({@code to[1]}), compiled, with where it was written and the
     * annotation names it gives by simple name (each must name one annotation type of the analysed code).
     */
    public record WrittenSelector(String label, DescribedPredicate<JavaClass> predicate, SourcePos pos, List<String> simpleAnnotations) {
    }
}
