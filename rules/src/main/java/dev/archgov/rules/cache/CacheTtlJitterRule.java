package dev.archgov.rules.cache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
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
@Kind(name = "cache-ttl-jitter", title = "Cache TTLs carry jitter", category = "cache", severity = Severity.MINOR)
public final class CacheTtlJitterRule extends BaseRule {
    /** A write whose TTL is the method's parameter ({@code ttl@N}), through any wrappers that pass it on. */
    private static final String TTL = "ttl";
    /** A cache read: a method that reads and writes is cache-aside (it writes only what was missing), not a batch write. */
    private static final String READ = "read";
    private static final CallMatcher CACHE_READ = CacheApis.reads(new CacheApis.Facades(List.of(), List.of(), List.of(), List.of()));
    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("cache ttl summaries");

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
        return DescribedPredicate.describe("write cache entries with a TTL", c -> Calls.of(index, c).instructions().stream()
                .anyMatch(m -> TTL_WRITE.matches(m) || mayWrap(m) && summaries(index).mayReach(c) && summaries(index).ofAnyImplementation(c, m).stream()
                        .anyMatch(e -> Summaries.name(e).equals(TTL))));
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
                    continue; // cache-aside: each entry is written on its own miss
                }
                boolean constantGiven = effects.stream().map(e -> Summaries.argumentOf(e, m)).anyMatch(arg -> arg.isPresent()
                        && !fromParameter(flow, call, arg.getAsInt()));
                if (constantGiven || site.helpersCalled(call, MethodSite.calling(TTL_WRITE)).stream().anyMatch(CacheTtlJitterRule::writesFixedTtl)) {
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
                int ttl = ttlArgument(m);
                if (ttl < 0 || lockKey(flow)) {
                    return Set.of();
                }
                MethodFlow.Origin origin = flow.argument(call, ttl);
                if (!origin.unknown() && origin.roots().isEmpty() && origin.params().size() == 1) {
                    return Set.of(TTL + "@" + origin.params().iterator().next().substring("param:".length()));
                }
                return Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return TTL_WRITE.matches(call) || CACHE_READ.matches(call);
            }
        });
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
