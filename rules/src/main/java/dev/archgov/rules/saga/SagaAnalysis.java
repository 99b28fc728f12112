package dev.archgov.rules.saga;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.engine.contract.Params;
import dev.archgov.spi.Globs;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Persistence;
import dev.archgov.spi.flow.ProxyAnnotations;
import dev.archgov.spi.flow.Summaries;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
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

        /** The idempotency evidence every contract has: SETNX, putIfAbsent, existsBy*, a duplicate detector. */
        static final CallMatcher BUILT_IN = m -> m.name.equals("setIfAbsent") || m.name.equals("setnx") || m.name.equals("putIfAbsent")
                || m.name.startsWith("existsBy") || m.name.equals("isDuplicate");

        CallMatcher calls() {
            return m -> BUILT_IN.matches(m) || store.stream().anyMatch(p -> p.matches(Type.getObjectType(m.owner).getClassName())
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

    private static final RunIndex.Key<CallMatcher> WRITES = RunIndex.Key.named("saga writes");
    private static final RunIndex.Key<Summaries> SUMMARIES = RunIndex.Key.named("saga summaries");
    /** MyBatis-Plus's service layer: its save/update/remove methods write through the mapper. */
    private static final List<String> MYBATIS_SERVICES = List.of("com.baomidou.mybatisplus.extension.service.IService");
    /** The summary effect of a call that changes state in the database. */
    static final String WRITE = "write";
    /** The summary effect of a call that consults an idempotency record (SETNX, putIfAbsent, existsBy*, a duplicate detector). */
    static final String GUARD = "guard";

    /**
     * Calls that change state: repository and mapper save/delete/insert/update, MyBatis-Plus service
     * save/update/remove, JdbcTemplate.update, EntityManager writes. Computed once per class per run.
     */
    static CallMatcher writes(RunIndex index, JavaClass context) {
        return index.of(WRITES, context, c -> {
            Set<String> repositories = new HashSet<>(Persistence.repositoriesCalledBy(index, c));
            Set<String> services = new HashSet<>();
            for (JavaClass owner : Calls.of(index, c).owners()) {
                if (Supertypes.isAny(index, owner, MYBATIS_SERVICES)) {
                    services.add(owner.getName().replace('.', '/'));
                }
            }
            return m -> repositories.contains(m.owner) && (m.name.startsWith("save") || m.name.startsWith("delete")
                    || m.name.startsWith("insert") || m.name.startsWith("update"))
                    || services.contains(m.owner) && (m.name.startsWith("save") || m.name.startsWith("update") || m.name.startsWith("remove"))
                    || Persistence.JDBC_TEMPLATES.contains(m.owner) && (m.name.equals("update") || m.name.equals("batchUpdate"))
                    || Persistence.ENTITY_MANAGERS.contains(m.owner) && (m.name.equals("persist") || m.name.equals("merge") || m.name.equals("remove"));
        });
    }

    /**
     * What the application's methods do to state, through its services and helpers: {@link #WRITE}s and
     * idempotency {@link #GUARD}s (the built-in evidence; a contract's own store is asked where the rule looks).
     */
    static Summaries summaries(RunIndex index) {
        CallMatcher guards = Evidence.BUILT_IN;
        return Summaries.of(index, SUMMARIES, new Summaries.Effects() {
            @Override
            public Set<String> of(MethodFlow flow, int call) {
                return Set.of();
            }

            @Override
            public Set<String> of(JavaClass from, MethodFlow flow, int call) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                return guards.matches(m) ? Set.of(GUARD) : writes(index, from).matches(m) ? Set.of(WRITE) : Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return guards.matches(call);
            }

            @Override
            public boolean mayAffect(JavaClass from, MethodInsnNode call) {
                return guards.matches(call) || writes(index, from).matches(call);
            }
        });
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
