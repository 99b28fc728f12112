package dev.archgov.rules.saga;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.engine.contract.Params;
import dev.archgov.spi.Globs;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.MapperSql;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Persistence;
import dev.archgov.spi.flow.ProxyAnnotations;
import dev.archgov.spi.flow.Summaries;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
    /** The summary effect of a call that changes a value relative to itself ({@link Shape#RELATIVE}): a state check guards it only if keyed by the message. */
    static final String RELATIVE_WRITE = "write-relative";
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
            Set<String> mapped = mappedWrites(index, c);
            return m -> repositories.contains(m.owner) && (m.name.startsWith("save") || m.name.startsWith("delete")
                    || m.name.startsWith("insert") || m.name.startsWith("update"))
                    || mapped.contains(m.owner + "." + m.name)
                    || services.contains(m.owner) && Persistence.MYBATIS_PLUS_SERVICE_WRITES.contains(m.name)
                    || m.owner.startsWith(MYBATIS_PLUS_CHAINS) && (m.name.equals("update") || m.name.equals("remove"))
                    || Persistence.JDBC_TEMPLATES.contains(m.owner) && (m.name.equals("update") || m.name.equals("batchUpdate"))
                    || Persistence.ENTITY_MANAGERS.contains(m.owner) && (m.name.equals("persist") || m.name.equals("merge") || m.name.equals("remove"));
        });
    }

    /** MyBatis-Plus's chained wrappers ({@code lambdaUpdate().eq(…).setSql(…).update()}): their update/remove write. */
    private static final String MYBATIS_PLUS_CHAINS = "com/baomidou/mybatisplus/extension/conditions/";

    /**
     * The mapper methods a class calls whose SQL (mapper XML or statement annotation) inserts, updates or deletes,
     * whatever they are named ({@code deductStock}, {@code increaseSales}), as {@code owner.name}.
     */
    private static Set<String> mappedWrites(RunIndex index, JavaClass c) {
        Set<String> result = new HashSet<>();
        for (JavaClass owner : Calls.of(index, c).owners()) {
            if (!owner.isInterface() || owner.getName().startsWith("java.") || !(Persistence.isRepository(index, owner) || MapperSql.declaresMapper(index, c, owner))) {
                continue;
            }
            for (String name : Calls.of(index, c).namesCalledOn(owner)) {
                MapperSql.of(index, c, owner, name).filter(MapperSql.Statement::writes)
                        .ifPresent(st -> result.add(owner.getName().replace('.', '/') + "." + name));
            }
        }
        return result;
    }

    /** How a write changes stored state, as far as the code shows it. */
    enum Shape {
        /** Adds a row. */
        CREATE,
        /** Changes a value relative to itself ({@code stock = stock - ?}, {@code e.setCount(e.getCount() + n); save(e)}). */
        RELATIVE,
        /** Sets values that do not depend on what is stored (a repetition writes the same row) or upserts. */
        ABSOLUTE,
        /** Removes rows: a repetition removes nothing more. */
        DELETE,
        /** The code does not show it (an entity saved as loaded, a method with no readable SQL). */
        UNKNOWN;

        /** Whether a repetition of the write can change state again. */
        boolean repeatable() {
            return this != ABSOLUTE && this != DELETE;
        }
    }

    /**
     * The shape of write {@code call} in {@code flow}: from the SQL of a mapper method or of a {@code JdbcTemplate}
     * call (a constant or concatenation the bytecode shows), from the MyBatis-Plus wrapper the method builds
     * ({@code setSql("stock = stock - " + n)}, {@code set(col, v)}, {@code setIncrBy}), from an entity changed relative to
     * its own getter before it is saved, and otherwise from the method's name (delete/remove, save/insert/add/create).
     */
    static Shape shape(RunIndex index, JavaClass from, MethodFlow flow, int call) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(call);
        Optional<MapperSql.Statement> statement = Optional.empty();
        if (Persistence.JDBC_TEMPLATES.contains(m.owner) && Type.getArgumentTypes(m.desc).length > 0) {
            statement = flow.textArgument(call, 0).flatMap(SagaAnalysis::jdbcStatement);
        } else if (!m.owner.startsWith("com/baomidou/") && !m.owner.startsWith("org/springframework/")) {
            statement = Calls.of(index, from).owner(m.owner).flatMap(owner -> MapperSql.of(index, from, owner, m.name));
        }
        if (statement.isPresent()) {
            MapperSql.Statement st = statement.get();
            return switch (st.kind()) {
                case DELETE -> Shape.DELETE;
                case INSERT -> st.relative() ? Shape.RELATIVE : UPSERT_SQL.matcher(st.sql()).matches() ? Shape.ABSOLUTE : Shape.CREATE;
                case UPDATE -> st.relative() ? Shape.RELATIVE : Shape.ABSOLUTE;
                case SELECT -> Shape.UNKNOWN;
            };
        }
        if (isDelete(m)) {
            return Shape.DELETE;
        }
        boolean wrapper = m.owner.startsWith(MYBATIS_PLUS_CHAINS) || m.desc.contains("Lcom/baomidou/mybatisplus/core/conditions/");
        if (wrapper && m.name.startsWith("update")) {
            Shape byWrapper = Shape.UNKNOWN;
            for (int set : flow.calls(s -> s.owner.startsWith("com/baomidou/mybatisplus/") && WRAPPER_SETS.contains(s.name))) {
                MethodInsnNode s = (MethodInsnNode) flow.insn(set);
                boolean relative = s.name.startsWith("setIncr") || s.name.startsWith("setDecr")
                        || s.name.equals("setSql") && sqlArgument(s).flatMap(a -> flow.textArgument(set, a)).map(MapperSql::relative).orElse(false);
                if (relative) {
                    return Shape.RELATIVE;
                }
                byWrapper = Shape.ABSOLUTE;
            }
            return byWrapper;
        }
        if (Type.getArgumentTypes(m.desc).length >= 1 && changedRelative(flow, flow.argument(call, 0))) {
            return Shape.RELATIVE;
        }
        return CREATES.stream().anyMatch(m.name::startsWith) && !m.name.startsWith("saveOrUpdate") ? Shape.CREATE : Shape.UNKNOWN;
    }

    private static final Set<String> WRAPPER_SETS = Set.of("set", "setSql", "setIncrBy", "setDecrBy");

    /** The SQL parameter of {@code setSql(sql)}, {@code setSql(sql, params...)} or {@code setSql(condition, sql, params...)}. */
    private static Optional<Integer> sqlArgument(MethodInsnNode setSql) {
        Type[] args = Type.getArgumentTypes(setSql.desc);
        for (int a = 0; a < args.length; a++) {
            if (args[a].getDescriptor().equals("Ljava/lang/String;")) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static Optional<MapperSql.Statement> jdbcStatement(String sql) {
        String first = sql.stripLeading().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (first) {
            case "insert", "replace", "merge" -> MapperSql.Kind.INSERT;
            case "update" -> MapperSql.Kind.UPDATE;
            case "delete" -> MapperSql.Kind.DELETE;
            default -> null;
        }).map(kind -> new MapperSql.Statement(kind, sql, "JdbcTemplate"));
    }

    /**
     * Whether an entity is changed relative to its own state before it is written: a setter on it takes a value
     * computed by arithmetic ({@code +}, {@code -}, {@code BigDecimal.add/subtract}) from one of its own getters
     * ({@code goods.setBuyCount(goods.getBuyCount() + n)}).
     */
    private static boolean changedRelative(MethodFlow flow, MethodFlow.Origin entity) {
        if (entity.unknown() || entity.roots().isEmpty() && entity.params().isEmpty()) {
            return false;
        }
        for (int set : flow.calls(s -> s.name.startsWith("set") && Type.getArgumentTypes(s.desc).length == 1 && s.getOpcode() != Opcodes.INVOKESTATIC)) {
            if (flow.maySame(flow.receiver(set), entity) && !flow.receiver(set).unknown()
                    && arithmeticOnGetter(flow, flow.argument(set, 0), entity, false, 5)) {
                return true;
            }
        }
        return false;
    }

    private static boolean arithmeticOnGetter(MethodFlow flow, MethodFlow.Origin value, MethodFlow.Origin entity, boolean computed, int depth) {
        if (depth == 0 || value.unknown()) {
            return false;
        }
        for (int r : value.roots()) {
            var insn = flow.insn(r);
            int op = insn.getOpcode();
            if (insn instanceof MethodInsnNode m) {
                if (computed && m.name.startsWith("get") && m.getOpcode() != Opcodes.INVOKESTATIC && !flow.receiver(r).unknown()
                        && flow.maySame(flow.receiver(r), entity)) {
                    return true;
                }
                boolean arithmetic = computed || m.name.equals("add") || m.name.equals("subtract") || m.name.equals("sum");
                int operands = Type.getArgumentTypes(m.desc).length + (m.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
                for (int d = 0; d < operands; d++) {
                    if (arithmeticOnGetter(flow, flow.stackValue(r, d), entity, arithmetic, depth - 1)) {
                        return true;
                    }
                }
            } else if (op >= Opcodes.IADD && op <= Opcodes.DSUB) {
                for (int d = 0; d < 2; d++) {
                    if (arithmeticOnGetter(flow, flow.stackValue(r, d), entity, true, depth - 1)) {
                        return true;
                    }
                }
            } else if (op >= Opcodes.I2L && op <= Opcodes.I2S || op == Opcodes.CHECKCAST) {
                if (arithmeticOnGetter(flow, flow.stackValue(r, 0), entity, computed, depth - 1)) {
                    return true;
                }
            }
        }
        return false;
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
                if (!writes(index, from).matches(m)) {
                    return Set.of();
                }
                Shape shape = shape(index, from, flow, call);
                return !counts(index, from, flow, call, shape) ? Set.of() : Set.of(shape == Shape.RELATIVE ? RELATIVE_WRITE : WRITE);
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return guards.matches(call);
            }

            @Override
            public boolean keeps(JavaClass from, MethodFlow flow, int call, String effect) {
                if (!effect.equals(WRITE) && !effect.equals(RELATIVE_WRITE)) {
                    return true;
                }
                Shape shape = effect.equals(RELATIVE_WRITE) ? Shape.RELATIVE : shape(index, from, flow, call);
                return !stateGuarded(index, from, flow, call, shape) && !lookupGuarded(index, from, flow, call);
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
        return unguardedWrites(site, evidence).stream().findFirst();
    }

    /**
     * The method's state changes not behind idempotency evidence (see {@link #firstUnguardedWrite}), one per independent
     * path: a change that an earlier reported one can reach is the same redelivery seen again, while the cases of a
     * listener that dispatches on the message's tag are separate handlers, each reported.
     */
    static List<Integer> unguardedWrites(MethodSite site, Evidence evidence) {
        RunIndex index = site.index();
        JavaClass c = site.owner();
        MethodFlow flow = site.flow();
        CallMatcher writes = writes(index, c);
        Summaries summaries = summaries(index);
        List<Integer> guards = new ArrayList<>(sites(site, evidence.calls()));
        guards.addAll(lookups(index, site));
        List<Integer> changes = new ArrayList<>(sites(site, writes));
        Set<Integer> relative = new HashSet<>();
        for (int call : flow.calls(m -> !m.owner.startsWith("java/") && !m.name.equals("<init>"))) {
            if (throughDynamicProxy(index, c, flow, call)) {
                continue; // the call runs through an InvocationHandler the bytecode does not resolve: not judged
            }
            Set<String> effects = summaries.ofCall(site, call);
            if (effects.contains(GUARD)) {
                guards.add(call); // a service that consults an idempotency record guards its own writes too
            } else if (effects.contains(WRITE) || effects.contains(RELATIVE_WRITE)) {
                changes.add(call);
                if (effects.contains(RELATIVE_WRITE)) {
                    relative.add(call);
                }
            }
        }
        changes.removeIf(w -> flow.insn(w) instanceof MethodInsnNode m && writes.matches(m) ? !counts(index, c, flow, w)
                : stateGuarded(index, c, flow, w, relative.contains(w) ? Shape.RELATIVE : shape(index, c, flow, w)));
        List<Integer> unguarded = changes.stream().filter(flow::reachable).filter(w -> !flow.dominatedBy(w, guards::contains))
                .distinct().sorted().toList();
        List<Integer> independent = new ArrayList<>();
        for (int w : unguarded) {
            if (independent.stream().noneMatch(r -> flow.reaches(r, j -> j == w))) {
                independent.add(w);
            }
        }
        return independent;
    }

    /** Whether a direct write needs idempotency evidence: a repetition can change state again and no stored-state check guards it. */
    private static boolean counts(RunIndex index, JavaClass from, MethodFlow flow, int write) {
        return counts(index, from, flow, write, shape(index, from, flow, write));
    }

    private static boolean counts(RunIndex index, JavaClass from, MethodFlow flow, int write, Shape shape) {
        return shape.repeatable() && !stateGuarded(index, from, flow, write, shape) && !lookupGuarded(index, from, flow, write);
    }

    /** Every path to the write passes a processed-message lookup of the method ({@link #lookups}): the service checks the record itself. */
    private static boolean lookupGuarded(RunIndex index, JavaClass from, MethodFlow flow, int write) {
        return MethodSite.of(index, from, flow.method().name, flow.method().desc)
                .map(site -> lookups(index, site)).filter(l -> !l.isEmpty())
                .map(l -> flow.dominatedBy(write, l::contains)).orElse(false);
    }

    /**
     * The call's receiver is a JDK dynamic proxy the application builds ({@code (Consumer) new ConsumerProxy(target).getProxy()},
     * a method of a class that calls {@code Proxy.newProxyInstance}): what runs is the proxy's invocation handler
     * (which may check a message log first), not the interface's implementations.
     */
    private static boolean throughDynamicProxy(RunIndex index, JavaClass from, MethodFlow flow, int call) {
        if (((MethodInsnNode) flow.insn(call)).getOpcode() == Opcodes.INVOKESTATIC) {
            return false;
        }
        for (int root : flow.receiver(call).roots()) {
            int r = flow.insn(root).getOpcode() == Opcodes.CHECKCAST ? flow.stackValue(root, 0).roots().stream().findFirst().orElse(root) : root;
            if (flow.insn(r) instanceof MethodInsnNode producer && !producer.owner.startsWith("java/")) {
                boolean proxies = Calls.of(index, from).owner(producer.owner).filter(o -> Calls.of(index, o).named("newProxyInstance").stream()
                        .anyMatch(p -> p.getTargetOwner().getName().equals("java.lang.reflect.Proxy"))).isPresent();
                if (proxies) {
                    return true;
                }
            }
        }
        return false;
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
        return flow.insn(write) instanceof MethodInsnNode && stateGuarded(index, from, flow, write, shape(index, from, flow, write));
    }

    private static boolean stateGuarded(RunIndex index, JavaClass from, MethodFlow flow, int write, Shape shape) {
        if (upsert(flow, write)) {
            return true;
        }
        CallMatcher writes = writes(index, from);
        CallMatcher reads = readsState(index, from);
        if (shape != Shape.RELATIVE && ((MethodInsnNode) flow.insn(write)).name.startsWith("update") && !flow.branchesOn(write).isEmpty()) {
            return true; // a compare-and-set update whose result decides what follows (a relative update is no check: it applies again)
        }
        MethodInsnNode written = (MethodInsnNode) flow.insn(write);
        if (flow.dominatedBy(write, j -> j != write && flow.insn(j) instanceof MethodInsnNode d && writes.matches(d) && isDelete(d))) {
            return true; // delete, then insert: the row is replaced, not duplicated
        }
        if (shape == Shape.CREATE && flow.calls(d -> d.owner.equals(written.owner) && writes.matches(d) && isDelete(d)).stream()
                .anyMatch(d -> d != write && flow.reaches(d, j -> j == write))) {
            return true; // the existing row of the same store, when there is one, is deleted first: a replacement
        }
        // a new row is guarded only by a look at the rows it would duplicate (the same table) or at a processed-message
        // store; a configuration or template read first (a notice template, a switch) guards nothing
        boolean creates = shape != Shape.RELATIVE && CREATES.stream().anyMatch(written.name::startsWith) && !written.name.startsWith("saveOrUpdate");
        // a relative change is guarded only by state the message names (the order it is about), not by a setting read first
        Set<AbstractInsnNode> keyed = Collections.newSetFromMap(new IdentityHashMap<>());
        if (shape == Shape.RELATIVE) {
            for (int r : flow.calls(reads)) {
                if (Type.getArgumentTypes(((MethodInsnNode) flow.insn(r)).desc).length > 0 && flow.fromParameters(flow.argument(r, 0), 8)) {
                    keyed.add(flow.insn(r));
                }
            }
        }
        CallMatcher guardingReads = creates ? m -> reads.matches(m) && (m.owner.equals(written.owner) || PROCESSED_STORE.matcher(m.owner).find())
                : shape == Shape.RELATIVE ? m -> reads.matches(m) && keyed.contains(m) : reads;
        for (int i = 0; i < flow.size(); i++) {
            if (!(flow.insn(i) instanceof JumpInsnNode jump) || jump.getOpcode() == Opcodes.GOTO || !flow.reachable(i)) {
                continue;
            }
            if (shape == Shape.RELATIVE && (jump.getOpcode() == Opcodes.IFNULL || jump.getOpcode() == Opcodes.IFNONNULL)) {
                continue; // that the row exists says nothing about whether this change was applied before
            }
            int at = i;
            int target = flow.indexOf(jump.label);
            if (flow.reachesAvoiding(i + 1, write, j -> j == at) && flow.reachesAvoiding(target, write, j -> j == at)) {
                continue; // both outcomes write: the branch decides how, not whether
            }
            int operands = jump.getOpcode() >= Opcodes.IF_ICMPEQ && jump.getOpcode() <= Opcodes.IF_ACMPNE ? 2 : 1;
            boolean onState = false;
            for (int d = 0; d < operands && !onState; d++) {
                onState = derivesFrom(flow, flow.stackValue(i, d), m -> guardingReads.matches(m) || m.name.startsWith("update") && writes.matches(m), 4);
            }
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

    /** Whether a value was computed from the result of a call {@code source} accepts (through getters, casts, unboxing, comparisons). */
    private static boolean derivesFrom(MethodFlow flow, MethodFlow.Origin value, CallMatcher source, int depth) {
        if (depth == 0 || value.unknown()) {
            return false;
        }
        for (int r : value.roots()) {
            if (!(flow.insn(r) instanceof MethodInsnNode m)) {
                int op = flow.insn(r).getOpcode();
                if ((op == Opcodes.GETFIELD || op == Opcodes.CHECKCAST) && derivesFrom(flow, flow.stackValue(r, 0), source, depth - 1)) {
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
