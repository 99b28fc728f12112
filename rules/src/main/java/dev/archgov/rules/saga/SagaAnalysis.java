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
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
            Set<String> services = mybatisServices(index, c);
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
            public Set<String> of(JavaClass from, MethodFlow flow, int call) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                if (guards.matches(m)) {
                    return Set.of(GUARD);
                }
                return writes(index, from).matches(m) && !isDelete(m) && !stateGuarded(index, from, flow, call) ? Set.of(WRITE) : Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return guards.matches(call);
            }

            @Override
            public boolean keeps(JavaClass from, MethodFlow flow, int call, String effect) {
                return !effect.equals(WRITE) || !stateGuarded(index, from, flow, call);
            }

            @Override
            public boolean mayAffect(JavaClass from, MethodInsnNode call) {
                return guards.matches(call) || writes(index, from).matches(call);
            }
        });
    }

    /**
     * The first state change of a method (a write, or a call of the application's code that writes) that is not
     * behind idempotency evidence on every path (the contract's store, built-in SETNX/putIfAbsent/existsBy*,
     * processed-message lookups, a service that consults a record itself); deletes, upserts and writes behind a check
     * of stored state do not count.
     */
    static Optional<Integer> firstUnguardedWrite(MethodSite site, Evidence evidence) {
        RunIndex index = site.index();
        JavaClass c = site.owner();
        MethodFlow flow = site.flow();
        CallMatcher writes = writes(index, c);
        Summaries summaries = summaries(index);
        List<Integer> guards = new ArrayList<>(sites(site, evidence.calls()));
        guards.addAll(lookups(index, site));
        List<Integer> changes = new ArrayList<>(sites(site, writes));
        for (int call : flow.calls(m -> !m.owner.startsWith("java/") && !m.name.equals("<init>"))) {
            Set<String> effects = summaries.ofCall(site, call);
            if (effects.contains(GUARD)) {
                guards.add(call); // a service that consults an idempotency record guards its own writes too
            } else if (effects.contains(WRITE)) {
                changes.add(call);
            }
        }
        changes.removeIf(w -> flow.insn(w) instanceof MethodInsnNode m && writes.matches(m) && isDelete(m) || stateGuarded(index, c, flow, w));
        return changes.stream().filter(flow::reachable).filter(w -> !flow.dominatedBy(w, guards::contains)).min(Integer::compare);
    }

    /** Reads of stored state: repository, mapper and MyBatis-Plus service lookups. */
    private static final List<String> READ_PREFIXES = List.of("get", "select", "find", "query", "list", "count", "load", "one", "lambdaQuery");

    /**
     * A write a redelivery cannot repeat: every path to it passes a branch on state read from the database first
     * ({@code if (order.getStatus() != CREATE_NEW) return;}), or on the affected-row count of a conditional update
     * ({@code if (mapper.updateStatus(id, NEW, PAID) == 0) return;}), such an update being itself the check; or a
     * delete comes first (the row is replaced).
     */
    static boolean stateGuarded(RunIndex index, JavaClass from, MethodFlow flow, int write) {
        if (upsert(flow, write)) {
            return true;
        }
        CallMatcher writes = writes(index, from);
        CallMatcher reads = readsState(index, from);
        if (((MethodInsnNode) flow.insn(write)).name.startsWith("update") && !flow.branchesOn(write).isEmpty()) {
            return true; // a compare-and-set update whose result decides what follows
        }
        if (flow.dominatedBy(write, j -> j != write && flow.insn(j) instanceof MethodInsnNode d && writes.matches(d) && isDelete(d))) {
            return true; // delete, then insert: the row is replaced, not duplicated
        }
        MethodInsnNode written = (MethodInsnNode) flow.insn(write);
        // a new row is guarded only by a look at the rows it would duplicate (the same table) or at a processed-message
        // store; a configuration or template read first (a notice template, a switch) guards nothing
        boolean creates = CREATES.stream().anyMatch(written.name::startsWith) && !written.name.startsWith("saveOrUpdate");
        CallMatcher guardingReads = !creates ? reads
                : m -> reads.matches(m) && (m.owner.equals(written.owner) || PROCESSED_STORE.matcher(m.owner).find());
        for (int i = 0; i < flow.size(); i++) {
            if (!(flow.insn(i) instanceof JumpInsnNode jump) || jump.getOpcode() == Opcodes.GOTO || !flow.reachable(i)) {
                continue;
            }
            int operands = jump.getOpcode() >= Opcodes.IF_ICMPEQ && jump.getOpcode() <= Opcodes.IF_ACMPNE ? 2 : 1;
            boolean onState = false;
            for (int d = 0; d < operands && !onState; d++) {
                onState = derivesFrom(flow, flow.stackValue(i, d), m -> guardingReads.matches(m) || m.name.startsWith("update") && writes.matches(m), 4);
            }
            int at = i;
            if (onState && flow.dominatedBy(write, j -> j == at)) {
                return true;
            }
        }
        return false;
    }

    /** Writes that add a row. */
    private static final List<String> CREATES = List.of("save", "insert", "add", "create", "persist");
    /** Stores whose name says they record processed messages or requests. */
    private static final Pattern PROCESSED_STORE = Pattern.compile("(?i)(log|record|consume|idempot|dedup|processed|receipt)[^/]*$");

    /** SQL that writes a row once however often it runs: an upsert or an insert that skips an existing key. */
    private static final Pattern UPSERT_SQL = Pattern.compile("(?is).*\\b(on\\s+duplicate\\s+key\\s+update|insert\\s+ignore|on\\s+conflict|merge\\s+into|replace\\s+into)\\b.*");

    /**
     * A JDBC write whose SQL (a constant the bytecode shows) is an upsert ({@code INSERT … ON DUPLICATE KEY UPDATE},
     * {@code INSERT IGNORE}, {@code ON CONFLICT}, {@code MERGE}, {@code REPLACE INTO}): a redelivery writes the same row.
     */
    static boolean upsert(MethodFlow flow, int write) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(write);
        if (!Persistence.JDBC_TEMPLATES.contains(m.owner) || Type.getArgumentTypes(m.desc).length == 0) {
            return false;
        }
        return flow.constantArgument(write, 0).filter(sql -> sql instanceof String s && UPSERT_SQL.matcher(s).matches()).isPresent();
    }

    /** A delete: repeating it deletes nothing more, so it needs no idempotency check. */
    static boolean isDelete(MethodInsnNode m) {
        return m.name.startsWith("delete") || m.name.startsWith("remove");
    }

    private static CallMatcher readsState(RunIndex index, JavaClass from) {
        Set<String> repositories = new HashSet<>(Persistence.repositoriesCalledBy(index, from));
        repositories.addAll(mybatisServices(index, from));
        return m -> repositories.contains(m.owner) && READ_PREFIXES.stream().anyMatch(m.name::startsWith);
    }

    /** The MyBatis-Plus services a class calls, itself included when it is one ({@code this.save(e)} in a ServiceImpl). */
    private static Set<String> mybatisServices(RunIndex index, JavaClass c) {
        Set<String> services = new HashSet<>();
        for (JavaClass owner : Calls.of(index, c).owners()) {
            if (Supertypes.isAny(index, owner, MYBATIS_SERVICES)) {
                services.add(owner.getName().replace('.', '/'));
            }
        }
        if (Supertypes.isAny(index, c, MYBATIS_SERVICES)) {
            services.add(c.getName().replace('.', '/'));
        }
        return services;
    }

    /** Cache lookups a consumer may test to skip a message it has seen (a processed-message key). */
    private static final CallMatcher LOOKUP = m -> (m.name.equals("hasKey") || m.name.equals("get") || m.name.equals("exists"))
            && (m.owner.startsWith("org/springframework/data/redis/") || m.owner.startsWith("redis/clients/jedis/"));

    /**
     * Processed-message checks by lookup: a cache read (or one through the application's own facade, by its
     * summary) whose key comes from the listener's own arguments and whose result decides a branch before the write
     * ({@code if (redis.get(consumedKey(messageId)) != null) return;}).
     */
    static List<Integer> lookups(RunIndex index, MethodSite site) {
        MethodFlow flow = site.flow();
        List<Integer> result = new ArrayList<>();
        List<MethodFlow.Test> nullTests = flow.nullTests();
        for (int call : flow.calls(m -> Type.getArgumentTypes(m.desc).length >= 1 && !m.owner.startsWith("java/")
                && (LOOKUP.matches(m) || m.name.startsWith("get") || m.name.startsWith("has") || m.name.startsWith("exists")))) {
            MethodInsnNode m = (MethodInsnNode) flow.insn(call);
            boolean tested = nullTests.stream().anyMatch(t -> t.tested().roots().contains(call)) || !flow.branchesOn(call).isEmpty();
            if (tested && flow.fromParameters(flow.argument(call, 0), 4) && (LOOKUP.matches(m) || readsCacheThrough(index, site, call))) {
                result.add(call);
            }
        }
        return result;
    }

    private static boolean readsCacheThrough(RunIndex index, MethodSite site, int call) {
        return lookupSummaries(index).ofCall(site, call).contains(LOOKED_UP);
    }

    private static final String LOOKED_UP = "lookup" + Summaries.RESULT;
    private static final RunIndex.Key<Summaries> LOOKUPS = RunIndex.Key.named("saga lookups");

    /** A method that returns what a cache lookup returned (the application's Redis facade's get). */
    private static Summaries lookupSummaries(RunIndex index) {
        return Summaries.of(index, LOOKUPS, new Summaries.Effects() {
            @Override
            public Set<String> of(MethodFlow flow, int call) {
                return LOOKUP.matches((MethodInsnNode) flow.insn(call)) && Summaries.returnsResultOf(flow, call) ? Set.of(LOOKED_UP) : Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return LOOKUP.matches(call);
            }
        });
    }

    /** Whether a value was computed from the result of a call {@code source} accepts (through getters, unboxing, comparisons). */
    private static boolean derivesFrom(MethodFlow flow, MethodFlow.Origin value, CallMatcher source, int depth) {
        if (depth == 0 || value.unknown()) {
            return false;
        }
        for (int r : value.roots()) {
            if (!(flow.insn(r) instanceof MethodInsnNode m)) {
                if (flow.insn(r).getOpcode() == Opcodes.GETFIELD && derivesFrom(flow, flow.stackValue(r, 0), source, depth - 1)) {
                    return true;
                }
                continue;
            }
            if (source.matches(m)) {
                return true;
            }
            int args = Type.getArgumentTypes(m.desc).length;
            int operands = args + (m.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
            for (int d = 0; d < operands; d++) {
                if (derivesFrom(flow, flow.stackValue(r, d), source, depth - 1)) {
                    return true;
                }
            }
        }
        return false;
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

    /**
     * A field of the type whose name is one of the correlation names (case-insensitive), in it or a supertype; also as
     * a word part of a camel-case name ({@code bankTransferId} carries {@code transferId}).
     */
    static Optional<String> correlationField(JavaClass type, List<String> names) {
        for (JavaClass c : type.getClassHierarchy()) {
            for (var f : c.getFields()) {
                if (names.stream().anyMatch(n -> carries(f.getName(), n))) {
                    return Optional.of(f.getName());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code field} is {@code token}, or has it as a camel-case word part at its start, middle or end. */
    static boolean carries(String field, String token) {
        String lower = field.toLowerCase(Locale.ROOT);
        String t = token.toLowerCase(Locale.ROOT);
        for (int at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + 1)) {
            int end = at + t.length();
            boolean starts = at == 0 || Character.isUpperCase(field.charAt(at)) || field.charAt(at - 1) == '_';
            boolean ends = end == field.length() || Character.isUpperCase(field.charAt(end)) || field.charAt(end) == '_';
            if (starts && ends) {
                return true;
            }
        }
        return false;
    }

}
