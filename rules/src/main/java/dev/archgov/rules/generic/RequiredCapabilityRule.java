package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Globs;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.Violation;

import java.util.Collection;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * A capability the service must have, shown by its code using one of the evidence types: the rules the contract's
 * {@code traits} switch on (a read-heavy service has a Bloom filter, a strongly consistent one a saga or TCC
 * framework). Missing, it is one finding about the code base, placed at its Spring Boot application class (else its
 * first class by name): the service as a whole lacks it.
 */
@Kind(name = "required-capability", title = "The service has a capability its traits require", category = "architecture", severity = Severity.MAJOR,
        params = {@Param(name = "capability", required = true, description = "what is required, in words (the finding says it is missing)"),
                  @Param(name = "evidence", type = ParamType.STRING_LIST, required = true,
                        description = "fully qualified type names (globs: com.acme.**) whose use by any analysed class shows the capability"),
                  @Param(name = "trait", description = "the trait that requires it (e.g. 'readHeavy: true'), named in the finding")})
public final class RequiredCapabilityRule extends BaseRule {
    private static final String BOOT_APPLICATION = "org.springframework.boot.autoconfigure.SpringBootApplication";

    @Override
    public ArchRule compile(RuleContext ctx) {
        String capability = ctx.params().string("capability").orElseThrow();
        List<Globs.Glob> evidence = ctx.params().strings("evidence").stream().map(Globs::compile).toList();
        String trait = ctx.params().string("trait").map(t -> " (" + t + ")").orElse("");
        return classes().should(new ArchCondition<JavaClass>("show " + capability) {
            private boolean seen;
            private JavaClass anchor;

            @Override
            public void init(Collection<JavaClass> all) {
                seen = false;
                anchor = null;
            }

            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!seen && shows(c, evidence)) {
                    seen = true;
                }
                if (anchor == null || isApplication(c) && !isApplication(anchor)
                        || isApplication(c) == isApplication(anchor) && c.getName().compareTo(anchor.getName()) < 0) {
                    anchor = c;
                }
            }

            @Override
            public void finish(ConditionEvents events) {
                if (!seen && anchor != null) {
                    String message = "the service's traits" + trait + " require " + capability + ", and no analysed class uses any of "
                            + String.join(", ", ctx.params().strings("evidence"));
                    events.add(SimpleConditionEvent.violated(new Violation(anchor.getName(), capability, anchor, 0, message), message));
                }
            }
        }).allowEmptyShould(true);
    }

    /**
     * The class uses (calls, declares, extends, is annotated with …) a type the evidence names; the evidence types'
     * own classes (a library analysed with the code) show nothing.
     */
    static boolean shows(JavaClass c, List<Globs.Glob> evidence) {
        if (evidence.stream().anyMatch(g -> g.matches(c.getName()))) {
            return false;
        }
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
            String target = d.getTargetClass().getBaseComponentType().getName();
            if (evidence.stream().anyMatch(g -> g.matches(target))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isApplication(JavaClass c) {
        return c.isAnnotatedWith(BOOT_APPLICATION);
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        return DescribedPredicate.<JavaClass>alwaysTrue().as("all classes");
    }
}
