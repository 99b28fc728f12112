package dev.archgov.rules.saga;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.flow.ProxyAnnotations;

import java.util.Comparator;
import java.util.Optional;

/** A Seata TCC try method of an implementation class and its declared phase-two methods. */
record TccPhases(JavaMethod tryMethod, ProxyAnnotations.Found annotation) {

    static Optional<TccPhases> of(JavaMethod method) {
        if (method.getOwner().isInterface()) {
            return Optional.empty();
        }
        ProxyAnnotations.Found found = ProxyAnnotations.find(method, SagaApis.TCC);
        return found.present() ? Optional.of(new TccPhases(method, found)) : Optional.empty();
    }

    /** {@code useTCCFence}: false unless set (Seata's documented default; a stub annotation has no defaults). */
    boolean fenced() {
        return annotation.attribute("useTCCFence").filter(Boolean.TRUE::equals).isPresent();
    }

    String commitName() {
        return annotation.attribute("commitMethod").map(Object::toString).filter(s -> !s.isBlank()).orElse("commit");
    }

    String rollbackName() {
        return annotation.attribute("rollbackMethod").map(Object::toString).filter(s -> !s.isBlank()).orElse("rollback");
    }

    JavaClass owner() {
        return tryMethod.getOwner();
    }

    /** The phase-two method of that name on the class or its supertypes, preferring one with code. */
    Optional<JavaMethod> phase(String name) {
        return owner().getAllMethods().stream().filter(m -> m.getName().equals(name))
                .min(Comparator.comparing(m -> m.getOwner().isInterface()));
    }
}
