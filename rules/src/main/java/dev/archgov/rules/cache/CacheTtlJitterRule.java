package dev.archgov.rules.cache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * CACHE-04: an avalanche is a batch of cache entries that expire at the same moment and are reloaded from the
 * database at once. Reported is a fixed TTL (no random offset computed in the method or its helpers) on entries
 * written together: a TTL write inside a loop (a warm-up, a re-index, a bulk refresh), directly or through the
 * application's own method that writes with a fixed TTL, or that is given a constant TTL by the loop (a TTL taken as a
 * parameter is judged where the loop passes it). Entries written one by one as they are read (cache-aside, each on
 * its own miss) expire at different times: not reported, whatever their TTL; nor are lock keys (SETNX), which the
 * lock pack judges.
 */
@Kind(name = "cache-ttl-jitter", locality = Locality.CLASS, title = "Cache TTLs carry jitter", category = "cache", severity = Severity.MINOR)
public final class CacheTtlJitterRule extends BaseRule {
    /** A write whose TTL is the method's parameter ({@code ttl@N}), through any wrappers that pass it on. */
    private static final String TTL = "ttl";
    /** A cache read: a method that reads and writes is cache-aside (it writes only what was missing), not a batch write. */
    private static final String READ = "read";
    private static final CallMatcher CACHE_READ = CacheApis.reads(new CacheApis.Facades(List.of(), List.of(), List.of(), List.of()));
    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("cache ttl summaries");
    private static final RunIndex.Key<Boolean> WRITES_TTL = RunIndex.Key.named("writes cache entries with a ttl");
    /** A write with a TTL that is the same on every call (a constant, a configured field), no random offset. */
    private static final String FIXED_TTL = "fixed-ttl";
    /** Drops a cache entry. */
    private static final String INVALIDATES = "invalidates";
    /** Deleting, evicting or invalidating an entry of the common caches. */
    private static final CallMatcher INVALIDATE = m -> switch (m.name) {
        case "delete", "unlink" -> m.owner.startsWith("org/springframework/data/redis/core/") || m.owner.startsWith("org/redisson/api/");
        case "del" -> m.owner.startsWith("redis/clients/jedis/") || m.owner.startsWith("io/lettuce/core/");
        case "evict", "evictIfPresent" -> m.owner.equals("org/springframework/cache/Cache");
        case "invalidate" -> m.owner.equals("com/github/benmanes/caffeine/cache/Cache") || m.owner.equals("com/google/common/cache/Cache");
        default -> false;
    };

    private static final CallMatcher TTL_WRITE = m -> switch (m.name) {
        case "set" -> (m.owner.equals("org/springframework/data/redis/core/ValueOperations")
                || m.owner.equals("org/springframework/data/redis/core/BoundValueOperations"))
                && (m.desc.contains("JLjava/util/concurrent/TimeUnit;") || m.desc.contains("Ljava/time/Duration;"))
                || m.owner.equals("org/redisson/api/RBucket") && (m.desc.contains("JLjava/util/concurrent/TimeUnit;") || m.desc.contains("Ljava/time/Duration;"));
        case "expire" -> m.owner.startsWith("org/springframework/data/redis/core/") || m.owner.startsWith("redis/clients/jedis/");
        case "setex", "psetex" -> m.owner.startsWith("redis/clients/jedis/");
        case "put", "fastPut" -> m.owner.equals("org/redisson/api/RMapCache") && m.desc.contains("JLjava/util/concurrent/TimeUnit;");
        default -> false;
    };

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(scope(context)).should(new FlowCondition("randomise the TTLs of entries written together", context.index(), CacheTtlJitterRule::check));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        RunIndex index = context.index();
        return index.memo(WRITES_TTL, DescribedPredicate.describe("write cache entries with a TTL", c -> Calls.of(index, c).instructions().stream()
                .anyMatch(m -> TTL_WRITE.matches(m) || mayWrap(m) && summaries(index).mayReach(c) && summaries(index).ofAnyImplementation(c, m).stream()
                        .anyMatch(e -> Summaries.name(e).equals(TTL) || e.equals(FIXED_TTL)))));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        Summaries summaries = summaries(index);
        MethodSite.forEach(index, javaClass, (CallMatcher) m -> TTL_WRITE.matches(m) || mayWrap(m), site -> {
            MethodFlow flow = site.flow();
            boolean jittered = jittered(site);
            for (int call : flow.calls(m -> TTL_WRITE.matches(m) || mayWrap(m))) {
                if (!flow.reachable(call) || !flow.reaches(call, i -> i == call)) {
                    continue; // not in a loop: entries written one at a time
                }
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                if (jittered) {
                    break;
                }
                if (TTL_WRITE.matches(m)) {
                    if (!fromParameter(flow, call, ttlArgument(m))) {
                        sink.accept(site.violation(call, MethodSite.describe(m), "every entry written in this loop gets the same fixed TTL: "
                                + "they all expire together and their reloads hit the database at once (avalanche); add a random offset to the TTL"));
                    }
                    continue;
                }
                Set<String> effects = summaries.ofCall(site, call);
                if (effects.contains(READ)) {
                    // cache-aside: each entry is written on its own miss; unless the loop first drops every entry, so that
                    // the cache-aside call rebuilds them all now (a bulk refresh)
                    if (effects.contains(FIXED_TTL) && invalidatedInLoop(site, call)) {
                        sink.accept(site.violation(call, MethodSite.describe(m), "this loop drops each entry and rebuilds it through " + m.name
                                + "(), which writes it with a fixed TTL: every entry rebuilt here expires at the same moment and their reloads "
                                + "hit the database at once (avalanche); add a random offset to the TTL"));
                    }
                    continue;
                }
                boolean constantGiven = effects.stream().map(e -> Summaries.argumentOf(e, m)).anyMatch(arg -> arg.isPresent()
                        && !fromParameter(flow, call, arg.getAsInt()));
                if (constantGiven || effects.contains(FIXED_TTL)
                        || site.helpersCalled(call, MethodSite.calling(TTL_WRITE)).stream().anyMatch(CacheTtlJitterRule::writesFixedTtl)) {
                    sink.accept(site.violation(call, MethodSite.describe(m), "every entry written in this loop through " + m.name + "() gets the same "
                            + (constantGiven ? "TTL (a constant passed here)" : "fixed TTL (chosen in " + m.name + "())") + ": they all expire together "
                            + "and their reloads hit the database at once (avalanche); add a random offset to the TTL"));
                }
            }
        });
    }

    /** A helper that writes with a fixed TTL and reads no cache (not cache-aside), computing nothing random. */
    private static boolean writesFixedTtl(MethodSite helper) {
        MethodFlow flow = helper.flow();
        return flow.calls(CACHE_READ).isEmpty() && !jittered(helper) && !lockKey(flow)
                && flow.calls(TTL_WRITE).stream().anyMatch(w -> !fromParameter(flow, w, ttlArgument((MethodInsnNode) flow.insn(w))));
    }

    /** The TTL writes of the analysed code whose TTL is a parameter, seen through the wrappers that pass it on, and its cache reads. */
    private static Summaries summaries(RunIndex index) {
        return Summaries.of(index, KEY, new Summaries.Effects() {
            @Override
            public Set<String> of(JavaClass from, MethodFlow flow, int call) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                if (CACHE_READ.matches(m)) {
                    return Set.of(READ);
                }
                if (INVALIDATE.matches(m)) {
                    return Set.of(INVALIDATES);
                }
                int ttl = ttlArgument(m);
                if (ttl < 0 || lockKey(flow)) {
                    return Set.of();
                }
                MethodFlow.Origin origin = flow.argument(call, ttl);
                if (!origin.unknown() && origin.roots().isEmpty() && origin.params().size() == 1) {
                    return Set.of(TTL + "@" + origin.params().iterator().next().substring("param:".length()));
                }
                return fixed(flow, origin) ? Set.of(FIXED_TTL) : Set.of();
            }

            @Override
            public Set<String> given(JavaClass from, MethodFlow flow, int call, String effect) {
                OptionalInt arg = Summaries.argumentOf(effect, (MethodInsnNode) flow.insn(call));
                return Summaries.name(effect).equals(TTL) && arg.isPresent() && fixed(flow, flow.argument(call, arg.getAsInt()))
                        ? Set.of(FIXED_TTL) : Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return TTL_WRITE.matches(call) || CACHE_READ.matches(call) || INVALIDATE.matches(call);
            }
        });
    }

    /**
     * A TTL that is the same on every call: constants and fields (a configured TTL), converted or combined
     * ({@code Duration.ofMinutes(30)}, {@code ttl * 60}), in a method that draws no random number. A TTL computed from
     * data (the time left until an activity ends) is not.
     */
    private static boolean fixed(MethodFlow flow, MethodFlow.Origin ttl) {
        return flow.calls(CacheApis.random()).isEmpty() && fixedValue(flow, ttl, 4);
    }

    private static final Set<String> TIME_OWNERS = Set.of("java/time/Duration", "java/util/concurrent/TimeUnit", "java/lang/Long",
            "java/lang/Integer", "java/lang/Math");

    private static boolean fixedValue(MethodFlow flow, MethodFlow.Origin value, int depth) {
        if (value.unknown() || !value.params().isEmpty() || value.roots().isEmpty() || depth == 0) {
            return false;
        }
        for (int r : value.roots()) {
            AbstractInsnNode insn = flow.insn(r);
            int op = insn.getOpcode();
            if (flow.isConstant(r) || op == Opcodes.GETSTATIC || op == Opcodes.GETFIELD) {
                continue;
            }
            int operands;
            if (insn instanceof MethodInsnNode m && TIME_OWNERS.contains(m.owner)) {
                operands = Type.getArgumentTypes(m.desc).length + (op == Opcodes.INVOKESTATIC ? 0 : 1);
            } else if (op >= Opcodes.IADD && op <= Opcodes.DREM) {
                operands = 2;
            } else if (op >= Opcodes.I2L && op <= Opcodes.I2S) {
                operands = 1;
            } else {
                return false;
            }
            for (int d = 0; d < operands; d++) {
                if (!fixedValue(flow, flow.stackValue(r, d), depth - 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * An entry is dropped (deleted, evicted, invalidated; directly or through the application's code) earlier in the same
     * loop iteration as the call, keyed by what the call is given: the call rebuilds the entry just dropped.
     */
    private static boolean invalidatedInLoop(MethodSite site, int call) {
        MethodFlow flow = site.flow();
        Summaries summaries = summaries(site.index());
        Set<Integer> given = new HashSet<>();
        int args = Type.getArgumentTypes(((MethodInsnNode) flow.insn(call)).desc).length;
        for (int a = 0; a < args; a++) {
            given.addAll(sources(flow, flow.argument(call, a), 4));
        }
        return flow.calls(m -> true).stream().anyMatch(i -> i < call && flow.reaches(call, j -> j == i)
                && flow.pathAvoiding(i, j -> j == call, j -> j < i || j > call).isPresent()
                && (INVALIDATE.matches((MethodInsnNode) flow.insn(i)) || summaries.ofCall(site, i).contains(INVALIDATES))
                && Type.getArgumentTypes(((MethodInsnNode) flow.insn(i)).desc).length > 0
                && sources(flow, flow.argument(i, 0), 4).stream().anyMatch(given::contains));
    }

    /** The instructions a value is computed from (the loop's element, a getter on it …), constants and static fields aside. */
    private static Set<Integer> sources(MethodFlow flow, MethodFlow.Origin value, int depth) {
        Set<Integer> result = new HashSet<>();
        for (int r : value.roots()) {
            AbstractInsnNode insn = flow.insn(r);
            if (flow.isConstant(r) || insn.getOpcode() == Opcodes.GETSTATIC) {
                continue;
            }
            result.add(r);
            int operands = insn instanceof MethodInsnNode m ? Type.getArgumentTypes(m.desc).length + (m.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1)
                    : insn instanceof InvokeDynamicInsnNode indy ? Type.getArgumentTypes(indy.desc).length
                    : insn.getOpcode() == Opcodes.CHECKCAST ? 1 : 0;
            for (int d = 0; d < operands && depth > 0; d++) {
                result.addAll(sources(flow, flow.stackValue(r, d), depth - 1));
            }
        }
        return result;
    }

    /** The argument that carries the TTL: the first long, int or Duration after the key (-1: not a TTL write). */
    private static int ttlArgument(MethodInsnNode m) {
        if (!TTL_WRITE.matches(m)) {
            return -1;
        }
        Type[] args = Type.getArgumentTypes(m.desc);
        for (int a = 0; a < args.length; a++) {
            if (args[a].equals(Type.LONG_TYPE) || args[a].equals(Type.INT_TYPE) || args[a].getDescriptor().equals("Ljava/time/Duration;")) {
                return a;
            }
        }
        return -1;
    }

    private static boolean fromParameter(MethodFlow flow, int call, int arg) {
        MethodFlow.Origin origin = flow.argument(call, arg);
        return origin.unknown() || !origin.params().isEmpty();
    }

    /** The method computes something random (itself or through its own class's helpers): the TTL may carry it. */
    private static boolean jittered(MethodSite site) {
        return !MissFallbacks.sites(site, CacheApis.random(), MethodSite.HELPER_DEPTH).isEmpty();
    }

    /** The method takes a SETNX lock: its TTLs are a lock's lease, the lock pack's question. */
    private static boolean lockKey(MethodFlow flow) {
        return !flow.calls(m -> m.name.equals("setIfAbsent") || m.name.equals("setnx")).isEmpty();
    }

    private static boolean mayWrap(MethodInsnNode m) {
        return !m.owner.startsWith("java/") && !m.name.equals("<init>") && !m.owner.startsWith("org/springframework/data/redis/")
                && !m.owner.startsWith("redis/clients/") && !m.owner.startsWith("org/redisson/");
    }
}
