package dev.archgov.rules.cache;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.Persistence;
import dev.archgov.spi.flow.Summaries;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

import static dev.archgov.rules.cache.CacheApis.*;

/**
 * What the cache pack asks of one class, in the words of {@link CacheApis}: where it reaches the database (with
 * {@link MissFallbacks}, which follows a miss to it), and the application's own cache and database facades, found
 * without declaration through method summaries: a method that returns what a cache read returned is a cache read
 * ({@code redisUtils.get(key)}, {@code cacheService.getProduct(id)}), one that writes a cache is a cache write, one
 * that queries the database (and reads no cache) is database access, one that consults a Bloom filter is a check.
 * Declared facades ({@code cacheReads} …) stay as overrides.
 */
final class CacheAnalysis {
    /** Summary effects. */
    static final String READ = "cache-read" + Summaries.RESULT;
    /** The method answers whether a key is cached: it returns a presence check ({@code hasKey}) or a read's null test. */
    static final String EXISTS = "cache-exists" + Summaries.RESULT;
    static final String WRITE = "cache-write";
    static final String DB = "db";
    static final String BLOOM = "bloom";
    /** A cache write that stores only a present value of the parameter it names ({@code present-only@2}). */
    static final String PRESENT_ONLY = "present-only";
    /** A cache write that stores whatever it is given. */
    static final String ANY_VALUE = "writes-any-value";
    private static final Facades NONE = new Facades(List.of(), List.of(), List.of(), List.of());
    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("cache summaries");
    private static final RunIndex.Key<CallMatcher> DB_KEY = RunIndex.Key.named("cache db access");
    /** MyBatis-Plus's service layer: its get/list/page/count methods query through the mapper. */
    private static final List<String> MYBATIS_SERVICES = List.of("com.baomidou.mybatisplus.extension.service.IService");

    private CacheAnalysis() {
    }

    /** Database access of one class's calls: by known API names, by type (Spring Data, MyBatis, MyBatis-Plus services), and facades. */
    static CallMatcher db(RunIndex index, JavaClass javaClass, Facades f) {
        CallMatcher known = index.of(DB_KEY, javaClass, c -> {
            Set<String> dbOwners = Persistence.repositoriesCalledBy(index, c);
            Set<String> services = new HashSet<>();
            for (JavaClass owner : Calls.of(index, c).owners()) {
                if (Supertypes.isAny(index, owner, MYBATIS_SERVICES)) {
                    services.add(owner.getName().replace('.', '/'));
                }
            }
            if (Supertypes.isAny(index, c, MYBATIS_SERVICES)) {
                services.add(c.getName().replace('.', '/')); // this.getById(id) in a ServiceImpl
            }
            return m -> dbOwners.contains(m.owner) && !m.name.equals("<init>")
                    || services.contains(m.owner) && Persistence.MYBATIS_PLUS_SERVICE_QUERIES.contains(m.name)
                    || Persistence.JDBC_TEMPLATES.contains(m.owner) && m.name.startsWith("query")
                    || Persistence.ENTITY_MANAGERS.contains(m.owner) && (m.name.equals("find") || m.name.startsWith("create"));
        });
        return m -> known.matches(m) || Facades.matches(f.db(), m);
    }

    /** The summary effects of a call of the application's own code made by {@code from} (empty for library calls). */
    static Set<String> auto(RunIndex index, JavaClass from, MethodInsnNode m) {
        if (m.owner.startsWith("java/") || m.name.equals("<init>") || m.owner.startsWith("org/springframework/data/redis/")
                || m.owner.startsWith("redis/clients/") || m.owner.startsWith("org/redisson/") || m.owner.startsWith("com/github/benmanes/")
                || m.owner.startsWith("com/google/common/")) {
            return Set.of();
        }
        return summaries(index).ofAnyImplementation(from, m);
    }

    /** Whether a call of the class can reach a cache, the database or a Bloom filter through the application's code. */
    static boolean mayReach(RunIndex index, JavaClass c) {
        return summaries(index).mayReach(c);
    }

    /** Reads: the cache APIs and declared facades, and the application's methods that return a cache read. */
    static CallMatcher reads(RunIndex index, JavaClass from, Facades f) {
        CallMatcher declared = CacheApis.reads(f);
        return m -> declared.matches(m) || auto(index, from, m).contains(READ);
    }

    /** Presence checks: the cache APIs' ({@link CacheApis#exists()}) and the application's methods that answer one. */
    static CallMatcher exists(RunIndex index, JavaClass from) {
        CallMatcher known = CacheApis.exists();
        return m -> known.matches(m) || auto(index, from, m).contains(EXISTS);
    }

    /** Writes: the cache APIs and declared facades, and the application's methods that write a cache (and are no cache-aside read). */
    static CallMatcher writes(RunIndex index, JavaClass from, Facades f) {
        CallMatcher declared = CacheApis.writes(f);
        return m -> {
            if (declared.matches(m)) {
                return true;
            }
            Set<String> effects = auto(index, from, m);
            return effects.contains(WRITE) && !effects.contains(READ);
        };
    }

    /** Database access: known APIs and declared facades, and the application's methods that query it without reading a cache. */
    static CallMatcher dbAccess(RunIndex index, JavaClass from, Facades f) {
        CallMatcher known = db(index, from, f);
        return m -> {
            if (known.matches(m)) {
                return true;
            }
            Set<String> effects = auto(index, from, m);
            return effects.contains(DB) && !effects.contains(READ) && !effects.contains(WRITE);
        };
    }

    /** Bloom checks: the known filters and declared facades, and the application's methods that consult one. */
    static CallMatcher bloom(RunIndex index, JavaClass from, Facades f) {
        CallMatcher declared = CacheApis.bloom(f);
        return m -> declared.matches(m) || auto(index, from, m).contains(BLOOM);
    }

    /** Calls that turn a cached value into the caller's type: a cast, JSON or bean conversion ({@code Optional.ofNullable} too). */
    private static final Set<String> CONVERSIONS = Set.of("cast", "parseObject", "parseArray", "parse", "readValue", "convertValue",
            "fromJson", "toBean", "toJavaObject", "toJavaList", "deserialize", "decode");

    /**
     * The method returns what the read at {@code call} returned converted to the caller's type
     * ({@code clazz.cast(value)}, {@code JSON.parseObject(value.toString(), clazz)}, {@code Optional.ofNullable(value)}): a
     * typed cache read.
     */
    private static boolean returnsConversionOf(MethodFlow flow, int call) {
        for (int i = 0; i < flow.size(); i++) {
            if (flow.insn(i).getOpcode() != Opcodes.ARETURN || !flow.reachable(i)) {
                continue;
            }
            for (int root : flow.returned(i).roots()) {
                if (root != call && streamOf(flow, root, call, 6)) {
                    return true;
                }
                if (flow.insn(root) instanceof MethodInsnNode c && (CONVERSIONS.contains(c.name) || c.owner.equals("java/util/Optional") && c.name.startsWith("of"))) {
                    int args = Type.getArgumentTypes(c.desc).length;
                    for (int a = 0; a < args; a++) {
                        if (fromRead(flow, flow.argument(root, a), call)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * The value is the read's result, cast or carried through a stream of its elements
     * ({@code ((List<?>) value).stream().map(type::cast).collect(toList())}).
     */
    private static boolean streamOf(MethodFlow flow, int root, int read, int depth) {
        if (root == read) {
            return true;
        }
        if (depth == 0) {
            return false;
        }
        if (flow.insn(root).getOpcode() == Opcodes.CHECKCAST) {
            return flow.stackValue(root, 0).roots().stream().anyMatch(r -> streamOf(flow, r, read, depth - 1));
        }
        if (flow.insn(root) instanceof MethodInsnNode m && m.getOpcode() != Opcodes.INVOKESTATIC
                && (m.owner.startsWith("java/util/stream/") || m.name.equals("stream") && m.owner.startsWith("java/util/"))) {
            return flow.receiver(root).roots().stream().anyMatch(r -> streamOf(flow, r, read, depth - 1));
        }
        return false;
    }

    /** The value is the read's result, or its {@code toString()}/{@code String.valueOf}. */
    private static boolean fromRead(MethodFlow flow, MethodFlow.Origin value, int read) {
        if (value.roots().contains(read)) {
            return true;
        }
        for (int r : value.roots()) {
            if (flow.insn(r) instanceof MethodInsnNode m && (m.name.equals("toString") && m.getOpcode() != Opcodes.INVOKESTATIC
                    && flow.receiver(r).roots().contains(read) || m.name.equals("valueOf") && m.owner.equals("java/lang/String")
                    && flow.argument(r, 0).roots().contains(read))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The parameters (by slot) that the write at {@code call} passes on and that the method tests first, writing only when
     * they are present ({@code if (value == null) return;} in a facade's {@code put}): the write drops absent values.
     */
    private static Set<String> droppedWhenAbsent(MethodFlow flow, int call) {
        Set<String> passed = new TreeSet<>();
        int args = Type.getArgumentTypes(((MethodInsnNode) flow.insn(call)).desc).length;
        for (int a = 0; a < args; a++) {
            MethodFlow.Origin arg = flow.argument(call, a);
            if (!arg.unknown() && arg.roots().isEmpty() && arg.params().size() == 1) {
                passed.add(arg.params().iterator().next());
            }
        }
        Set<String> dropped = new TreeSet<>();
        for (String param : passed) {
            // with the value absent, the branches taken when it is present are not: is the write still reached?
            Set<Long> presentEdges = new HashSet<>();
            for (MethodFlow.Test t : flow.nullTests()) {
                if (t.tested().roots().isEmpty() && t.tested().params().equals(Set.of(param))) {
                    presentEdges.add(edge(t.branch().jump(), t.branch().whenTrue()));
                }
            }
            for (MethodFlow.Test t : flow.booleanTests()) {
                for (int root : t.tested().roots()) {
                    if (flow.insn(root) instanceof MethodInsnNode m && m.getOpcode() == Opcodes.INVOKESTATIC
                            && Type.getArgumentTypes(m.desc).length == 1 && flow.argument(root, 0).roots().isEmpty()
                            && flow.argument(root, 0).params().equals(Set.of(param))) {
                        if (MissFallbacks.ABSENT.contains(m.name)) {
                            presentEdges.add(edge(t.branch().jump(), t.branch().whenFalse()));
                        } else if (MissFallbacks.PRESENT.contains(m.name)) {
                            presentEdges.add(edge(t.branch().jump(), t.branch().whenTrue()));
                        }
                    }
                }
            }
            if (!presentEdges.isEmpty() && flow.pathAvoiding(0, i -> i == call, i -> false, (from, to) -> presentEdges.contains(edge(from, to))).isEmpty()) {
                dropped.add(param.substring("param:".length()));
            }
        }
        return dropped;
    }

    /**
     * The method is a presence check by its signature: it returns a boolean and is named like one ({@code hasKey},
     * {@code exists} …), as a facade's {@code boolean hasKey(k) { return redis.opsForValue().get(k) != null; }} is.
     */
    private static boolean answersPresence(MethodFlow flow) {
        String desc = flow.method().desc;
        return (desc.endsWith(")Z") || desc.endsWith(")Ljava/lang/Boolean;")) && CacheApis.EXISTS_NAMES.contains(flow.method().name);
    }

    static long edge(int from, int to) {
        return (long) from << 32 | to;
    }

    /**
     * Whether the write at {@code call} of {@code site} leaves out the value {@code value} when it is absent: a facade
     * whose every write drops absent values, given that value (the database's result) as one that it drops.
     */
    static boolean dropsAbsent(RunIndex index, JavaClass from, MethodFlow flow, int call, int value) {
        if (!(flow.insn(call) instanceof MethodInsnNode m)) {
            return false;
        }
        Set<String> effects = auto(index, from, m);
        if (effects.contains(ANY_VALUE)) {
            return false;
        }
        for (String e : effects) {
            if (Summaries.name(e).equals(PRESENT_ONLY)) {
                OptionalInt arg = Summaries.argumentOf(e, m);
                if (arg.isPresent() && flow.argument(call, arg.getAsInt()).roots().equals(Set.of(value))) { // the result itself, no marker instead
                    return true;
                }
            }
        }
        return false;
    }

    private static Summaries summaries(RunIndex index) {
        CallMatcher reads = CacheApis.reads(NONE);
        CallMatcher writes = CacheApis.writes(NONE);
        CallMatcher bloom = CacheApis.bloom(NONE);
        CallMatcher exists = CacheApis.exists();
        return Summaries.of(index, KEY, new Summaries.Effects() {
            @Override
            public Set<String> of(JavaClass from, MethodFlow flow, int call) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                if (reads.matches(m)) {
                    return Summaries.returnsResultOf(flow, call) || returnsConversionOf(flow, call) ? Set.of(READ)
                            : answersPresence(flow) && flow.nullTests().stream().anyMatch(t -> t.tested().roots().contains(call)) ? Set.of(EXISTS) : Set.of();
                }
                if (exists.matches(m)) {
                    return Summaries.returnsResultOf(flow, call) || answersPresence(flow) ? Set.of(EXISTS) : Set.of();
                }
                if (writes.matches(m)) {
                    Set<String> dropped = droppedWhenAbsent(flow, call);
                    Set<String> effects = new TreeSet<>(dropped.isEmpty() ? Set.of(WRITE, ANY_VALUE) : Set.of(WRITE));
                    dropped.forEach(slot -> effects.add(PRESENT_ONLY + "@" + slot));
                    return effects;
                }
                if (bloom.matches(m)) {
                    return Set.of(BLOOM);
                }
                return db(index, from, NONE).matches(m) ? Set.of(DB) : Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return reads.matches(call) || writes.matches(call) || bloom.matches(call) || exists.matches(call);
            }

            @Override
            public boolean mayAffect(JavaClass from, MethodInsnNode call) {
                return mayAffect(call) || db(index, from, NONE).matches(call);
            }
        });
    }
}
