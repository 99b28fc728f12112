package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.RunIndex;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Calls through {@code this} to methods of the same class that only work through a Spring proxy. A call through an
 * injected self reference or {@code AopContext.currentProxy()} has another receiver and is not one of them.
 */
public final class SelfInvocations {
    private SelfInvocations() {
    }

    /** A call at instruction {@code call} of {@code site} to {@code target} through {@code this}. */
    public record SelfCall(MethodSite site, int call, JavaMethod target) {
    }

    public interface Sink {
        void accept(SelfCall call);
    }

    /** Self-calls to methods carrying (through Spring's lookup) one of {@code annotations} and accepted by {@code proxied}. */
    public static void find(RunIndex index, JavaClass javaClass, List<String> annotations, Predicate<JavaMethod> proxied, Sink sink) {
        if (!ProxyAnnotations.mayHave(index, javaClass, annotations)) {
            return;
        }
        Set<String> names = new HashSet<>();
        javaClass.getMethods().stream().filter(proxied).forEach(m -> names.add(m.getName()));
        if (names.isEmpty()) {
            return;
        }
        String self = javaClass.getName().replace('.', '/');
        CallMatcher toProxied = m -> m.owner.equals(self) && names.contains(m.name);
        MethodSite.forEach(index, javaClass, toProxied, site -> {
            for (int call : site.flow().calls(toProxied)) {
                if (!site.flow().receiver(call).isThis(site.flow())) {
                    continue;
                }
                MethodInsnNode m = (MethodInsnNode) site.flow().insn(call);
                Optional<JavaMethod> target = javaClass.tryGetMethod(m.name,
                        Arrays.stream(Type.getArgumentTypes(m.desc)).map(Type::getClassName).toArray(String[]::new));
                target.filter(proxied).ifPresent(t -> sink.accept(new SelfCall(site, call, t)));
            }
        });
    }
}
