package dev.archgov.rules.saga;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.engine.contract.Params;
import dev.archgov.spi.Globs;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Persistence;
import dev.archgov.spi.flow.ProxyAnnotations;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static dev.archgov.rules.saga.SagaApis.*;

/** What the saga pack asks of the code, in the words of {@link SagaApis}: idempotency evidence, state changes, correlation. */
final class SagaAnalysis {
    private SagaAnalysis() {
    }

    /** Idempotency evidence of one rule's contract. */
    record Evidence(RunIndex index, List<Globs.Glob> store, List<String> annotations) {
        static Evidence of(RunIndex index, Params p) {
            return new Evidence(index, p.strings("idempotencyStore").stream().map(Globs::compile).toList(), p.strings("idempotentAnnotations"));
        }

        CallMatcher calls() {
            return m -> m.name.equals("setIfAbsent") || m.name.equals("setnx") || m.name.equals("putIfAbsent")
                    || m.name.startsWith("existsBy") || m.name.equals("isDuplicate")
                    || store.stream().anyMatch(p -> p.matches(Type.getObjectType(m.owner).getClassName())
                    || p.matches(Type.getObjectType(m.owner).getClassName() + "." + m.name));
        }

        boolean annotated(JavaMethod method) {
            return !annotations.isEmpty() && ProxyAnnotations.find(method, annotations).present();
        }

        /**
         * Whether the method is idempotent by evidence: an idempotent annotation, or an idempotency-store call (in it or
         * a same-class helper) on every path to its first state change (anywhere, when it changes no state it knows).
         */
        boolean shows(JavaMethod method, CallMatcher writes) {
            if (annotated(method)) {
                return true;
            }
            return MethodSite.of(index, method.getOwner(), method.getName(), Descriptors.of(method)).map(site -> {
                MethodFlow flow = site.flow();
                List<Integer> guards = sites(site, calls());
                if (guards.isEmpty()) {
                    return false;
                }
                List<Integer> changes = sites(site, writes);
                return changes.stream().allMatch(w -> flow.dominatedBy(w, guards::contains));
            }).orElse(false);
        }
    }

    /** Calls that change state: repository save/delete/insert/update, JdbcTemplate.update, EntityManager writes, and facades. */
    static CallMatcher writes(RunIndex index, JavaClass context) {
        Set<String> repositories = Persistence.repositoriesCalledBy(index, context);
        return m -> repositories.contains(m.owner) && (m.name.startsWith("save") || m.name.startsWith("delete")
                || m.name.startsWith("insert") || m.name.startsWith("update"))
                || Persistence.JDBC_TEMPLATES.contains(m.owner) && (m.name.equals("update") || m.name.equals("batchUpdate"))
                || Persistence.ENTITY_MANAGERS.contains(m.owner) && (m.name.equals("persist") || m.name.equals("merge") || m.name.equals("remove"));
    }

    /** Call sites the matcher accepts, directly or through a same-class helper that makes one. */
    static List<Integer> sites(MethodSite site, CallMatcher matcher) {
        List<Integer> result = new ArrayList<>(site.flow().calls(matcher));
        for (int call : site.flow().selfCalls()) {
            for (MethodSite helper : site.helpersCalled(call, MethodSite.calling(matcher))) {
                if (!helper.flow().calls(matcher).isEmpty()) {
                    result.add(call);
                }
            }
        }
        return result;
    }

    /** A field of the type whose name is one of the correlation names (case-insensitive), in it or a supertype. */
    static Optional<String> correlationField(JavaClass type, List<String> names) {
        for (JavaClass c : type.getClassHierarchy()) {
            for (var f : c.getFields()) {
                if (names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(f.getName().toLowerCase(Locale.ROOT)))) {
                    return Optional.of(f.getName());
                }
            }
        }
        return Optional.empty();
    }
}
