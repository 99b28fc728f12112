package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

/**
 * A kind of rule: compiles a contract rule into a real ArchUnit {@link ArchRule}. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.archgov.spi.RuleKind}), so a team can ship
 * its own kinds in a jar. The engine knows no concrete kind.
 *
 * <p>Conditions should emit events whose corresponding objects are ArchUnit domain objects (accesses,
 * dependencies, classes, members, cycles) or {@link Violation}s: findings are built from those objects, never from
 * the event text.
 */
public interface RuleKind {

    /** The name used as {@code kind:} in contracts, e.g. {@code forbidden-dependency}. */
    String name();

    RuleMeta meta();

    List<ParamSpec> params();

    /**
     * Builds the ArchUnit rule. Throw {@link dev.archgov.engine.contract.ContractException} (see
     * {@link RuleContext#problem}) for parameters that are well-typed but make no sense.
     */
    ArchRule compile(RuleContext context);

    /**
     * The elements the rule checks, for the health score ({@code compliance = 1 − violating / checked}): the classes
     * it applies to. Default: every analysed class. A domain rule should narrow this to the classes that use its API,
     * so that its score reflects how they use it.
     */
    default DescribedPredicate<JavaClass> scope(RuleContext context) {
        return DescribedPredicate.alwaysTrue();
    }

    /**
     * What the compiled rule's findings about a class can depend on (see {@link Locality}), which may depend on its
     * parameters (a layer rule that judges every caller is graph-wide). Default: {@link Locality#GRAPH}.
     */
    default Locality locality(RuleContext context) {
        return Locality.GRAPH;
    }
}
