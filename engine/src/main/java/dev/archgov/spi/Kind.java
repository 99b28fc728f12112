package dev.archgov.spi;

import dev.archgov.engine.contract.Severity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a rule kind is, declared once on its class (as Error Prone's {@code @BugPattern}): everything that lists,
 * explains, validates or describes kinds reads it ({@code archgov rules}, {@code explain}, {@code schema}, the packs'
 * defaults, SARIF rule descriptors). The Markdown docs live beside the class, named like it ({@code FooRule.md}).
 * The class is named after the kind: {@code lock-inside-transaction} is {@code LockInsideTransactionRule}.
 *
 * <pre>{@code
 * @Kind(name = "lock-layer", title = "Locks are taken in the service layer", category = "lock", severity = Severity.MAJOR,
 *       params = @Param(name = "allowedLayers", type = ParamType.LAYER_LIST, description = "only these layers may take locks"))
 * public final class LockLayerRule extends BaseRule { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Kind {
    /** The name used as {@code kind:} in contracts, e.g. {@code forbidden-dependency}. */
    String name();

    /** A short title. */
    String title();

    /** The default score category ({@code layering}, {@code lock} …); a contract rule may override it. */
    String category();

    /** The severity when the contract gives none. */
    Severity severity();

    /** The parameters the kind accepts under {@code params:}. */
    Param[] params() default {};

    /**
     * What a finding about a class can depend on (see {@link Locality}); {@link Locality#GRAPH} unless the kind
     * declares otherwise, so an incremental run never reuses what it cannot prove unchanged.
     */
    Locality locality() default Locality.GRAPH;
}
