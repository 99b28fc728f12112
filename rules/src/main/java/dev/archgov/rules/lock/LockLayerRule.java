package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Selectors;
import dev.archgov.spi.Violation;
import dev.archgov.spi.WebLayer;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * LOCK-06: locks belong to the application-service layer. Lock acquires from the web layer (or from outside the
 * allowed layers) are reported, and so are {@code synchronized} transactional methods of Spring beans.
 */
@Kind(name = "lock-layer", title = "Locks are taken in the service layer", category = "lock", severity = Severity.MAJOR,
        params = {@Param(name = "forbiddenIn", type = ParamType.SELECTOR_LIST,
                        description = "classes that must not take locks (default: @Controller, @RestController, JAX-RS @Path)"),
                  @Param(name = "allowedLayers", type = ParamType.LAYER_LIST,
                        description = "if given, only classes of these layers may take locks")})
public final class LockLayerRule extends BaseRule {

    /** Spring stereotypes by name (without the target's jars their meta-annotation is unknown). */
    private static final List<String> BEANS = List.of("org.springframework.stereotype.Component",
            "org.springframework.stereotype.Service", "org.springframework.stereotype.Repository",
            "org.springframework.stereotype.Controller", "org.springframework.web.bind.annotation.RestController",
            "org.springframework.context.annotation.Configuration");

    @Override
    public ArchRule compile(RuleContext ctx) {
        DescribedPredicate<JavaClass> web = ctx.classesOr("forbiddenIn", WebLayer.classes());
        List<Layer> allowed = ctx.params().strings("allowedLayers").stream().map(ctx::layer).toList();
        Optional<DescribedPredicate<JavaClass>> inAllowed = allowed.isEmpty() ? Optional.empty()
                : allowed.stream().map(Selectors::layer).reduce((a, b) -> a.or(b));
        List<Layer> allLayers = List.copyOf(ctx.layers().values());
        return classes().should(new FlowCondition("take locks only in the service layer", ctx.index(), (index, c, sink) -> check(index, c, web, inAllowed, allLayers, sink)));
    }

    static void check(RunIndex index, JavaClass javaClass, DescribedPredicate<JavaClass> forbidden, Optional<DescribedPredicate<JavaClass>> allowed,
                      List<Layer> layers, Consumer<Violation> sink) {
        boolean inLayer = layers.stream().anyMatch(l -> Selectors.layer(l).test(javaClass));
        String why = forbidden.test(javaClass) ? "the web layer" : allowed.isPresent() && inLayer && !allowed.get().test(javaClass)
                ? "a layer that may not take locks" : null;
        if (why != null) {
            for (JavaMethodCall call : Calls.of(index, javaClass).named(LockApis.ACQUIRE)) {
                JavaClass target = call.getTargetOwner();
                if (LockAnalysis.isLockType(index, target)) {
                    sink.accept(new Violation(call.getOrigin().getFullName(), call.getTarget().getFullName(), javaClass, call.getLineNumber(),
                            "lock taken in " + why + " (" + javaClass.getSimpleName() + "); move the locking into an application service"));
                }
            }
        }
        boolean synchronizedMethods = javaClass.getMethods().stream().anyMatch(m -> m.getModifiers().contains(JavaModifier.SYNCHRONIZED));
        if (synchronizedMethods && BEANS.stream().anyMatch(javaClass::isMetaAnnotatedWith)) {
            for (JavaMethod method : javaClass.getMethods()) {
                if (method.getModifiers().contains(JavaModifier.SYNCHRONIZED) && Transactions.transactional(method).present()) {
                    sink.accept(new Violation(method.getFullName(), "synchronized", javaClass, method.getSourceCodeLocation().getLineNumber(),
                            "synchronized transactional method of a singleton bean: the monitor is released before the proxy commits, "
                                    + "so a second caller reads uncommitted state; synchronize around the transactional call instead"));
                }
            }
        }
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return LockAnalysis.usesLocks(context.index()).or(DescribedPredicate.describe("have synchronized methods",
                c -> c.getMethods().stream().anyMatch(m -> m.getModifiers().contains(JavaModifier.SYNCHRONIZED))));
    }
}
