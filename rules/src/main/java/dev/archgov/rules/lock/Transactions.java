package dev.archgov.rules.lock;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.ProxyAnnotations;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Spring's proxy semantics for transactional and asynchronous methods, by annotation name (so they hold without
 * the target's jars): an annotation on the method, or on its class or an interface for the non-private, non-static
 * methods the proxy intercepts (Spring 6 class-based proxies intercept protected and package-private ones too).
 * Propagation {@code NOT_SUPPORTED} and {@code NEVER} mean "no transaction".
 */
final class Transactions {
    static final List<String> TRANSACTIONAL = List.of(
            "org.springframework.transaction.annotation.Transactional",
            "jakarta.transaction.Transactional",
            "javax.transaction.Transactional",
            "org.apache.seata.spring.annotation.GlobalTransactional",
            "io.seata.spring.annotation.GlobalTransactional");
    static final List<String> ASYNC = List.of("org.springframework.scheduling.annotation.Async");
    static final List<String> PROXIED = Stream.concat(TRANSACTIONAL.stream(), ASYNC.stream()).toList();
    private static final Set<String> NO_TRANSACTION = Set.of("NOT_SUPPORTED", "NEVER");
    private static final Set<String> OWN_TRANSACTION = Set.of("REQUIRES_NEW", "NESTED", "NOT_SUPPORTED", "NEVER");

    /** How a proxy treats a method. */
    record Proxying(Optional<JavaAnnotation<?>> annotation, boolean methodLevel) {
        static final Proxying NONE = new Proxying(Optional.empty(), false);

        boolean present() {
            return annotation.isPresent();
        }

        /** The propagation the annotation asks for (Spring {@code propagation}, Jakarta/javax {@code value}). */
        Optional<String> propagation() {
            return annotation.flatMap(a -> a.get("propagation").or(() -> a.get("value")))
                    .filter(JavaEnumConstant.class::isInstance).map(v -> ((JavaEnumConstant) v).name());
        }
    }

    /**
     * Whether any method of the class could be transactional or asynchronous: a cheap test (direct annotations on
     * the class's types and their methods) before resolving proxy semantics method by method.
     */
    static boolean mayHaveProxiedMethods(RunIndex index, JavaClass javaClass) {
        return ProxyAnnotations.mayHave(index, javaClass, PROXIED);
    }

    static Proxying transactional(JavaMethod method) {
        Proxying p = find(method, TRANSACTIONAL);
        return p.propagation().filter(NO_TRANSACTION::contains).isPresent() ? Proxying.NONE : p;
    }

    static Proxying async(JavaMethod method) {
        return find(method, ASYNC);
    }

    /** Whether a self-call to this method loses settings of its own (a new, nested or suspended transaction). */
    static boolean asksForOwnTransaction(JavaMethod method) {
        return find(method, TRANSACTIONAL).propagation().filter(OWN_TRANSACTION::contains).isPresent();
    }

    private static Proxying find(JavaMethod method, List<String> names) {
        ProxyAnnotations.Found found = ProxyAnnotations.find(method, names);
        return found.present() ? new Proxying(found.annotation(), found.methodLevel()) : Proxying.NONE;
    }

    private static List<JavaClass> typesOf(JavaClass owner) {
        return ProxyAnnotations.typesOf(owner);
    }

    private Transactions() {
    }
}
