package dev.archgov.rules.cache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * CACHE-04: cache entries written with a TTL and no randomisation expire together (avalanche). A write with a TTL is
 * reported when nothing random is computed in the method or its same-class helpers, in classes that also read a
 * cache (entries loaded back on expiry; session, registry and lock keys expire without reloads). Lock keys (the
 * method also takes a SETNX lock) are left to the lock pack.
 */
@Kind(name = "cache-ttl-jitter", title = "Cache TTLs carry jitter", category = "cache", severity = Severity.MINOR,
        params = {@Param(name = "cacheReads", type = ParamType.STRING_LIST, description = CacheApis.CACHE_READS_DOC)})
public final class CacheTtlJitterRule extends BaseRule {

    private static final CallMatcher TTL_WRITE = m -> switch (m.name) {
        case "set" -> (m.owner.equals("org/springframework/data/redis/core/ValueOperations")
                || m.owner.equals("org/springframework/data/redis/core/BoundValueOperations"))
                && (m.desc.contains("JLjava/util/concurrent/TimeUnit;") || m.desc.contains("Ljava/time/Duration;"))
                || m.owner.equals("org/redisson/api/RBucket") && (m.desc.contains("JLjava/util/concurrent/TimeUnit;") || m.desc.contains("Ljava/time/Duration;"));
        case "expire" -> m.owner.startsWith("org/springframework/data/redis/core/") || m.owner.startsWith("redis/clients/jedis/");
        case "setex", "psetex" -> m.owner.startsWith("redis/clients/jedis/");
        case "put", "fastPut" -> m.owner.equals("org/redisson/api/RMapCache") && m.desc.contains("JLjava/util/concurrent/TimeUnit;");
        case "entryTtl" -> m.owner.equals("org/springframework/data/redis/cache/RedisCacheConfiguration");
        default -> false;
    };
    private static final CallMatcher LOCKING = m -> m.name.equals("setIfAbsent") || m.name.equals("setnx");

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(writesTtl(context.index()).and(CacheMissFallbackGuardedRule.readsCache(context.index(), CacheApis.Facades.of(context.params())))).should(new FlowCondition("randomise cache TTLs", context.index(), (index, c, sink) ->
                MethodSite.forEach(index, c, TTL_WRITE, site -> {
                    if (!site.flow().calls(LOCKING).isEmpty() || !MissFallbacks.sites(site, CacheApis.random(), MethodSite.HELPER_DEPTH).isEmpty()) {
                        return;
                    }
                    for (int call : site.flow().calls(TTL_WRITE)) {
                        MethodInsnNode m = (MethodInsnNode) site.flow().insn(call);
                        sink.accept(site.violation(call, MethodSite.describe(m), "fixed TTL with no jitter: entries written together expire "
                                + "together and their reloads hit the database at once (avalanche); add a random offset to the TTL"));
                    }
                })));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return writesTtl(context.index()).and(CacheMissFallbackGuardedRule.readsCache(context.index(), CacheApis.Facades.of(context.params())));
    }

    private static final List<String> TTL_WRITE_NAMES = List.of("set", "expire", "setex", "psetex", "put", "fastPut", "entryTtl");

    private static DescribedPredicate<JavaClass> writesTtl(RunIndex index) {
        return DescribedPredicate.describe("write cache entries with a TTL", c -> Calls.of(index, c).any(TTL_WRITE_NAMES,
                call -> TTL_WRITE.matches(Descriptors.asInstruction(call))));
    }
}
