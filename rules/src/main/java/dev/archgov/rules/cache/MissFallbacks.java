package dev.archgov.rules.cache;

import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Finds, in one method, a cache read whose miss branch (the read's value tested for null or emptiness) reaches a database call,
 * and answers which guards protect that call. Same-class helpers count for what they do: a helper that queries the
 * database is a database call, one that returns a cache read is a read, one that checks a Bloom filter is a check
 * (up to {@value MethodSite#HELPER_DEPTH} calls deep). When the miss branch cannot be found, nothing is reported.
 */
final class MissFallbacks {
    /** A cache read at {@code read} whose miss reaches the database call at {@code db}. */
    record Fallback(MethodSite site, int read, int db) {
    }

    private final CallMatcher reads;
    private final CallMatcher writes;
    private final CallMatcher db;
    private final CallMatcher bloom;

    private final CallMatcher exists;
    private final CacheApis.Facades facades;

    MissFallbacks(CallMatcher reads, CallMatcher writes, CallMatcher db, CallMatcher bloom) {
        this(reads, CacheApis.exists(), writes, db, bloom, null);
    }

    /**
     * With {@code exists}, the presence checks that count as reads (their false branch is the miss); with
     * {@code facades}, a loader the method is given ({@link Loaders}) counts as database access too.
     */
    MissFallbacks(CallMatcher reads, CallMatcher exists, CallMatcher writes, CallMatcher db, CallMatcher bloom, CacheApis.Facades facades) {
        this.reads = reads;
        this.exists = exists;
        this.writes = writes;
        this.db = db;
        this.bloom = bloom;
        this.facades = facades;
    }

    /** Methods worth analysing: they read a cache or check a key's presence (directly or through a same-class helper). */
    Predicate<MethodNode> candidates(String ownerInternalName) {
        return MethodSite.calling(reads.or(exists).or(m -> m.owner.equals(ownerInternalName)));
    }

    List<Fallback> find(MethodSite site) {
        MethodFlow flow = site.flow();
        List<Fallback> result = new ArrayList<>();
        List<Integer> dbSites = new ArrayList<>(sites(site, db, MethodSite.HELPER_DEPTH));
        // a same-class helper that reads a cache itself before the database (the next level of a two-level cache) is
        // judged where it reads, with the guards it has there: from here it is a cache, not the database
        dbSites.removeIf(call -> !flow.isCall(call, db) && site.helpersCalled(call, MethodSite.calling(reads)).stream()
                .anyMatch(helper -> !readSites(helper).isEmpty()));
        if (facades != null) {
            dbSites.addAll(flow.calls(m -> true).stream().filter(i -> Loaders.reachesDb(site, i, facades).isPresent()).toList());
        }
        if (dbSites.isEmpty()) {
            return result;
        }
        for (int read : readSites(site)) {
            if (constantKey(flow, read) || !keyFromParameter(flow, read)) {
                continue; // one fixed key, or one the caller does not choose: nothing to enumerate
            }
            List<Integer> missStarts = flow.isCall(read, exists) ? absentBranches(flow, read) : missStarts(flow, read);
            for (int d : dbSites) {
                if (missStarts.stream().anyMatch(start -> flow.pathAvoiding(start, i -> i == d, i -> false).isPresent())) {
                    result.add(new Fallback(site, read, d));
                }
            }
        }
        return result;
    }

    /** Tests that a value is absent (true when absent): emptiness and null checks of the common utility classes. */
    static final Set<String> ABSENT = Set.of("isEmpty", "isBlank", "isNull");
    /** Tests that a value is present (true when present). */
    static final Set<String> PRESENT = Set.of("isNotEmpty", "isNotBlank", "hasText", "hasLength", "nonNull", "isNotNull", "isPresent");

    /**
     * Where a miss of the read at {@code read} continues: the null branch of a null test of its value, and the "absent"
     * branch of an emptiness test ({@code value.isEmpty()}, {@code StringUtils.isBlank(value)}, {@code CollUtil.isEmpty},
     * {@code ObjectUtils.isEmpty}, {@code Objects.isNull}, {@code Optional.isPresent} …): an empty string or list read
     * back from a cache is a miss in most code.
     */
    static List<Integer> missStarts(MethodFlow flow, int read) {
        List<Integer> starts = new ArrayList<>();
        for (MethodFlow.Test t : flow.nullTests()) {
            if (t.tested().roots().contains(read)) {
                starts.add(t.branch().whenFalse());
            }
        }
        for (MethodFlow.Test t : flow.booleanTests()) {
            for (int root : t.tested().roots()) {
                if (!(flow.insn(root) instanceof MethodInsnNode m)) {
                    continue;
                }
                boolean onRead = testedValue(flow, root).roots().contains(read);
                if (onRead && ABSENT.contains(m.name)) {
                    starts.add(t.branch().whenTrue());
                } else if (onRead && PRESENT.contains(m.name)) {
                    starts.add(t.branch().whenFalse());
                }
            }
        }
        return starts;
    }

    /**
     * The one value a test call at {@code root} examines: the argument of a one-argument static call
     * ({@code StringUtils.isBlank(s)}), the receiver of a no-argument call ({@code list.isEmpty()}); unknown otherwise.
     */
    static MethodFlow.Origin testedValue(MethodFlow flow, int root) {
        if (!(flow.insn(root) instanceof MethodInsnNode m)) {
            return MethodFlow.Origin.UNKNOWN;
        }
        int args = Type.getArgumentTypes(m.desc).length;
        if (m.getOpcode() == Opcodes.INVOKESTATIC) {
            return args == 1 ? flow.argument(root, 0) : MethodFlow.Origin.UNKNOWN;
        }
        return args == 0 ? flow.receiver(root) : MethodFlow.Origin.UNKNOWN;
    }

    /**
     * Where the presence check at {@code check} answered "absent": the false branch of a test of its result, taken
     * directly, unboxed ({@code Boolean.booleanValue}), or through {@code Boolean.TRUE.equals}/{@code BooleanUtils.isTrue}.
     */
    static List<Integer> absentBranches(MethodFlow flow, int check) {
        List<Integer> starts = new ArrayList<>();
        for (MethodFlow.Test t : flow.booleanTests()) {
            for (int root : t.tested().roots()) {
                boolean onCheck = root == check || flow.insn(root) instanceof MethodInsnNode m && switch (m.name) {
                    case "booleanValue" -> flow.receiver(root).roots().contains(check);
                    case "equals" -> m.owner.equals("java/lang/Boolean") && flow.argument(root, 0).roots().contains(check);
                    case "isTrue" -> m.getOpcode() == Opcodes.INVOKESTATIC && flow.argument(root, 0).roots().contains(check);
                    default -> false;
                };
                if (onCheck) {
                    starts.add(t.branch().whenFalse());
                }
            }
        }
        return starts;
    }

    /**
     * The read's value is tested only for emptiness ({@code CollUtil.isEmpty(list)}, {@code StringUtils.isBlank(s)}), never
     * for null: an empty result cached for an unknown key reads back as a miss.
     */
    static boolean emptyIsMiss(MethodFlow flow, int read) {
        if (flow.nullTests().stream().anyMatch(t -> t.tested().roots().contains(read))) {
            return false;
        }
        boolean emptiness = false;
        for (MethodFlow.Test t : flow.booleanTests()) {
            for (int root : t.tested().roots()) {
                if (flow.insn(root) instanceof MethodInsnNode m && (ABSENT.contains(m.name) || PRESENT.contains(m.name))
                        && testedValue(flow, root).roots().contains(read)) {
                    if (m.owner.equals("java/util/Optional") || NULL_TESTS.contains(m.name)) {
                        return false;
                    }
                    emptiness = true;
                }
            }
        }
        return emptiness;
    }

    private static final Set<String> NULL_TESTS = Set.of("isNull", "nonNull", "isNotNull");

    /** A Bloom filter is consulted on every path to the database call. */
    boolean bloomBefore(Fallback f) {
        return f.site().flow().dominatedBy(f.db(), isSite(f.site(), bloom));
    }

    /** A mutex (SETNX, lock, tryLock) is taken on every path to the database call, or the method is synchronized. */
    boolean mutexAround(Fallback f) {
        return (f.site().method().access & Opcodes.ACC_SYNCHRONIZED) != 0
                || f.site().flow().dominatedBy(f.db(), i -> f.site().flow().isCall(i, CacheApis.mutex()));
    }

    /**
     * The method fills the cache from the database: a cache write is reachable from the database call (or the call is a
     * helper that writes). When not, the read is no cache-aside here, and who else writes the key decides
     * ({@link ClientWrittenKeys}).
     */
    boolean populates(Fallback f) {
        IntPredicate write = isSite(f.site(), writes);
        return write.test(f.db()) || f.site().flow().reaches(f.db(), write);
    }

    /** A value is written to the cache on the path where the database found nothing (the miss is cached). */
    boolean missCached(Fallback f) {
        MethodFlow flow = f.site().flow();
        IntPredicate anyWrite = isSite(f.site(), writes);
        // a facade that drops absent values (`if (value == null) return;`) writes nothing for the database's null result
        IntPredicate write = i -> anyWrite.test(i) && !CacheAnalysis.dropsAbsent(f.site().index(), f.site().owner(), flow, i, f.db());
        List<Integer> absentStarts = new ArrayList<>();
        boolean tested = false;
        for (MethodFlow.Test t : flow.nullTests()) {
            if (t.tested().roots().contains(f.db())) {
                tested = true;
                absentStarts.add(t.branch().whenFalse());
            }
        }
        for (MethodFlow.Test t : flow.booleanTests()) {
            for (int root : t.tested().roots()) {
                if (flow.insn(root) instanceof MethodInsnNode m && (m.name.equals("isPresent") && m.owner.equals("java/util/Optional")
                        || m.name.equals("isEmpty")) && flow.receiver(root).roots().contains(f.db())) {
                    tested = true;
                    absentStarts.add(m.name.equals("isPresent") ? t.branch().whenFalse() : t.branch().whenTrue());
                }
            }
        }
        if (!tested) {
            // the result is written whatever it is, an empty one included; unless a validation helper throws first when it is
            // absent, or the read takes an empty value for a miss (the empty list written back reads as a miss again), or the
            // value written is one built from the result and written only when present (`if (!vos.isEmpty()) cache.put(k, vos)`)
            return flow.reaches(f.db(), write) && !AbsentThrows.afterDb(f.site().index(), f.site().owner(), flow, f.db())
                    && !emptyIsMiss(flow, f.read()) && !writtenOnlyWhenPresent(flow, f.db(), write);
        }
        // on the path where the database found nothing, a later test of the same value (the result re-tested after a
        // two-level fallback: `if (v != null) local.put(v)`) takes its absent branch too, when the value's other origins
        // cannot be reached from there: the cache reads before the database call, or `v = enrich(v)` inside the first
        // test's present branch (in a loop they can, and the test is followed both ways)
        Set<Long> presentEdges = new HashSet<>();
        MethodFlow.EdgeFilter cut = (from, to) -> presentEdges.contains(edge(from, to));
        boolean more = true;
        while (more) {
            more = false;
            for (MethodFlow.Test t : flow.nullTests()) {
                long present = edge(t.branch().jump(), t.branch().whenTrue());
                if (!presentEdges.contains(present) && t.tested().roots().contains(f.db()) && t.tested().roots().stream()
                        .allMatch(r -> r == f.db() || absentStarts.stream().noneMatch(start -> flow.pathAvoiding(start, i -> i == r, i -> false, cut).isPresent()))) {
                    presentEdges.add(present);
                    more = true;
                }
            }
        }
        return absentStarts.stream().anyMatch(start -> flow.pathAvoiding(start, write, i -> false, cut).isPresent());
    }

    /**
     * Every write reached from the database call {@code db} writes a value that a test before it found present (not null,
     * not empty): with the branches taken when those values are present cut, no write is reached. The value written is an
     * argument after the key, or what such an argument was made from one call back ({@code JSON.toJSONString(vos)}).
     */
    private static boolean writtenOnlyWhenPresent(MethodFlow flow, int db, IntPredicate write) {
        Set<Integer> written = new HashSet<>();
        for (int i = 0; i < flow.size(); i++) {
            if (write.test(i) && flow.reachable(i) && flow.insn(i) instanceof MethodInsnNode m) {
                Type[] args = Type.getArgumentTypes(m.desc);
                for (int a = 1; a < args.length; a++) {
                    if (args[a].getSort() == Type.OBJECT || args[a].getSort() == Type.ARRAY) {
                        for (int root : flow.argument(i, a).roots()) {
                            written.add(root);
                            if (flow.insn(root) instanceof MethodInsnNode made) {
                                for (int b = 0; b < Type.getArgumentTypes(made.desc).length; b++) {
                                    written.addAll(flow.argument(root, b).roots());
                                }
                            }
                        }
                    }
                }
            }
        }
        written.remove(db); // the database's own result tested is the case handled by the caller
        Set<Long> presentEdges = new HashSet<>();
        for (MethodFlow.Test t : flow.nullTests()) {
            if (!t.tested().roots().isEmpty() && written.containsAll(t.tested().roots())) {
                presentEdges.add(edge(t.branch().jump(), t.branch().whenTrue()));
            }
        }
        for (MethodFlow.Test t : flow.booleanTests()) {
            for (int root : t.tested().roots()) {
                if (flow.insn(root) instanceof MethodInsnNode m && (ABSENT.contains(m.name) || PRESENT.contains(m.name))) {
                    MethodFlow.Origin on = testedValue(flow, root);
                    if (!on.roots().isEmpty() && written.containsAll(on.roots())) {
                        presentEdges.add(edge(t.branch().jump(), ABSENT.contains(m.name) ? t.branch().whenFalse() : t.branch().whenTrue()));
                    }
                }
            }
        }
        return !presentEdges.isEmpty() && flow.pathAvoiding(db, write, i -> false, (from, to) -> presentEdges.contains(edge(from, to))).isEmpty();
    }

    private static long edge(int from, int to) {
        return CacheAnalysis.edge(from, to);
    }

    private List<Integer> readSites(MethodSite site) {
        MethodFlow flow = site.flow();
        List<Integer> result = new ArrayList<>(flow.calls(reads));
        result.addAll(flow.calls(exists));
        for (int call : flow.selfCalls()) {
            for (MethodSite helper : site.helpersCalled(call, MethodSite.calling(reads))) {
                if (returnsRead(helper)) {
                    result.add(call);
                }
            }
        }
        return result;
    }

    private boolean returnsRead(MethodSite helper) {
        MethodFlow flow = helper.flow();
        List<Integer> readCalls = flow.calls(reads);
        for (int i = 0; i < flow.size(); i++) {
            if (flow.reachable(i) && flow.insn(i).getOpcode() == Opcodes.ARETURN
                    && flow.returned(i).roots().stream().anyMatch(readCalls::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Call sites that are {@code matcher} calls, or same-class helper calls that (transitively) make one. */
    static List<Integer> sites(MethodSite site, CallMatcher matcher, int depth) {
        MethodFlow flow = site.flow();
        List<Integer> result = new ArrayList<>(flow.calls(matcher));
        if (depth > 0) {
            for (int call : flow.selfCalls()) {
                for (MethodSite helper : site.helpersCalled(call, MethodSite.calling(matcher))) {
                    if (!sites(helper, matcher, depth - 1).isEmpty()) {
                        result.add(call);
                    }
                }
            }
        }
        return result;
    }

    static IntPredicate isSite(MethodSite site, CallMatcher matcher) {
        List<Integer> s = sites(site, matcher, MethodSite.HELPER_DEPTH);
        return s::contains;
    }

    /** Parameter types an id or a name comes in as. */
    private static final Set<String> ID_TYPES = Set.of("Ljava/lang/String;", "Ljava/lang/Long;", "Ljava/lang/Integer;", "J", "I",
            "Ljava/io/Serializable;", "Ljava/lang/Object;", "Ljava/lang/CharSequence;");

    /**
     * Whether the read's key is made from an id or name the method is given (a String or number parameter: what a
     * caller can enumerate). A key of constants, enum names, the logged-in user, another cache's content, or the
     * fields of a structure the server assembled (a cart, a trade) is not the caller's choice.
     */
    private static boolean keyFromParameter(MethodFlow flow, int read) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(read);
        return Type.getArgumentTypes(m.desc).length > 0 && flow.fromParameters(flow.argument(read, 0), 5, t -> ID_TYPES.contains(t.getDescriptor()));
    }

    private static boolean constantKey(MethodFlow flow, int read) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(read);
        if (Type.getArgumentTypes(m.desc).length == 0) {
            return false;
        }
        Optional<Object> key = flow.constantArgument(read, 0);
        return key.isPresent() && key.get() instanceof String;
    }
}
