package dev.archgov.rules.saga;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.flow.ProxyAnnotations;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A Seata TCC try method of an implementation class and its declared phase-two methods; or a Seata saga action in
 * annotation mode ({@code @CompensationBusinessAction}: the forward method and its one compensation method).
 */
record TccPhases(JavaMethod tryMethod, ProxyAnnotations.Found annotation, boolean saga) {

    static Optional<TccPhases> of(JavaMethod method) {
        if (method.getOwner().isInterface()) {
            return Optional.empty();
        }
        ProxyAnnotations.Found found = ProxyAnnotations.find(method, SagaApis.TCC);
        if (found.present()) {
            return Optional.of(new TccPhases(method, found, false));
        }
        ProxyAnnotations.Found compensated = ProxyAnnotations.find(method, SagaApis.SAGA_ACTION);
        return compensated.present() ? Optional.of(new TccPhases(method, compensated, true)) : Optional.empty();
    }

    /** {@code useTCCFence} (or the saga action's {@code useFence}): false unless set (Seata's default; a stub annotation has no defaults). */
    boolean fenced() {
        return annotation.attribute("useTCCFence").filter(Boolean.TRUE::equals).isPresent()
                || annotation.attribute("useFence").filter(Boolean.TRUE::equals).isPresent();
    }

    /** The phase-two methods Seata calls: commit and rollback, or the saga action's compensation. */
    List<String> phaseTwo() {
        return saga ? List.of(rollbackName()) : List.of(commitName(), rollbackName());
    }

    /** What the action is called in findings. */
    String what() {
        return saga ? "Seata saga action" : "TCC action";
    }

    String commitName() {
        return annotation.attribute("commitMethod").map(Object::toString).filter(s -> !s.isBlank()).orElse("commit");
    }

    String rollbackName() {
        if (saga) {
            return annotation.attribute("compensationMethod").map(Object::toString).filter(s -> !s.isBlank()).orElse("compensation");
        }
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
