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
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Selectors;
import dev.archgov.spi.Violation;
import dev.archgov.spi.WebLayer;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * LOCK-06: locks belong to the application-service layer. Lock acquires from the web layer (or from outside the
 * allowed layers) are reported, and so are {@code synchronized} transactional methods of Spring beans.
 */
@Kind(name = "lock-layer", locality = Locality.CLASS, title = "Locks are taken in the service layer", category = "lock", severity = Severity.MAJOR,
        params = {@Param(name = "forbiddenIn", type = ParamType.SELECTOR_LIST,
                        description = "classes that must not take locks (default: @Controller, @RestController, JAX-RS @Path)"),
                  @Param(name = "acquires", type = ParamType.CODE_GLOBS, description = DeclaredLocks.ACQUIRES_DOC),
                  @Param(name = "releases", type = ParamType.CODE_GLOBS, description = DeclaredLocks.RELEASES_DOC),
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
        DeclaredLocks declared = DeclaredLocks.of(ctx.params());
        return classes().should(new FlowCondition("take locks only in the service layer", ctx.index(),
                (index, c, sink) -> check(index, c, web, inAllowed, allLayers, declared, sink)));
    }

    static void check(RunIndex index, JavaClass javaClass, DescribedPredicate<JavaClass> forbidden, Optional<DescribedPredicate<JavaClass>> allowed,
                      List<Layer> layers, DeclaredLocks declared, Consumer<Violation> sink) {
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
            SetnxLocks.forEach(index, javaClass, lock -> sink.accept(lock.site().violation(lock.acquire(), lock.describe(),
                    "SETNX lock taken in " + why + " (" + javaClass.getSimpleName() + "); move the locking into an application service")));
            throughWrappers(index, javaClass, why, declared, sink);
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

    /**
     * A lock taken and released by the class itself through the application's own lock wrappers: a method that calls
     * a wrapper that only acquires ({@code lockExecutor.tryLock(...)}) and one that only releases. A call of a service
     * that locks and unlocks inside is the layering this rule asks for, and stays silent.
     */
    private static void throughWrappers(RunIndex index, JavaClass javaClass, String why, DeclaredLocks declared, Consumer<Violation> sink) {
        Summaries summaries = LockSummaries.of(index);
        String self = javaClass.getName().replace('.', '/');
        CallMatcher wrapper = m -> !m.owner.equals(self) && !m.owner.startsWith("java/") && !m.name.equals("<init>") && LockSummaries.direct(m).isEmpty();
        MethodSite.forEach(index, javaClass, wrapper, site -> {
            List<Integer> acquires = new ArrayList<>();
            boolean releases = false;
            for (int call : site.flow().calls(wrapper)) {
                Set<String> effects = declared.effects(summaries, site, call);
                boolean acquire = effects.contains(LockSummaries.ACQUIRE);
                boolean release = effects.contains(LockSummaries.RELEASE);
                if (acquire && !release) {
                    acquires.add(call);
                }
                releases |= release && !acquire;
            }
            if (releases) {
                for (int call : acquires) {
                    sink.accept(site.violation(call, MethodSite.describe((MethodInsnNode) site.flow().insn(call)), "lock taken in " + why + " ("
                            + javaClass.getSimpleName() + ") through the application's lock wrapper, and released here too; move the locking "
                            + "into an application service"));
                }
            }
        });
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return LockAnalysis.takesLocks(context.index()).or(DescribedPredicate.describe("have synchronized methods",
                c -> c.getMethods().stream().anyMatch(m -> m.getModifiers().contains(JavaModifier.SYNCHRONIZED))));
    }
}
