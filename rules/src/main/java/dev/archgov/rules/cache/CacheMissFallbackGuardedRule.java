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
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashSet;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * CACHE-01: a cache miss that falls back to the database without a Bloom check, miss caching, coalescing or mutex.
 * The application's own cache and database facades are found through method summaries ({@link CacheAnalysis}); a
 * miss is a null value, an empty string or collection, or an empty Optional ({@link MissFallbacks}). A key every caller
 * bounds (a constant, an enum's name, the authenticated user: {@link KeyProvenance}) is no penetration.
 */
@Kind(name = "cache-miss-fallback-guarded", title = "A cache miss reaches the database only behind a penetration guard", category = "cache", severity = Severity.CRITICAL,
        params = {@Param(name = "cacheReads", type = ParamType.CODE_GLOBS, description = CacheApis.CACHE_READS_DOC),
                @Param(name = "cacheWrites", type = ParamType.CODE_GLOBS, description = CacheApis.CACHE_WRITES_DOC),
                @Param(name = "dbAccess", type = ParamType.CODE_GLOBS, description = CacheApis.DB_ACCESS_DOC),
                @Param(name = "bloomFilters", type = ParamType.CODE_GLOBS, description = CacheApis.BLOOM_FILTERS_DOC)})
public final class CacheMissFallbackGuardedRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        CacheApis.Facades facades = CacheApis.Facades.of(context.params());
        return classes().that(readsCache(context.index(), facades)).should(new FlowCondition("guard cache misses before the database", context.index(), (index, c, sink) -> {
            MissFallbacks fallbacks = new MissFallbacks(CacheAnalysis.reads(index, c, facades), CacheAnalysis.exists(index, c), CacheAnalysis.writes(index, c, facades),
                    CacheAnalysis.dbAccess(index, c, facades), CacheAnalysis.bloom(index, c, facades), facades);
            MethodSite.forEach(index, c, fallbacks.candidates(c.getName().replace('.', '/')), site -> {
                if (site.flow().calls(CacheApis.coalescing()).size() > 0) {
                    return;
                }
                Set<Integer> reported = new HashSet<>();
                for (MissFallbacks.Fallback f : fallbacks.find(site)) {
                    if (reported.contains(f.db()) || fallbacks.bloomBefore(f) || fallbacks.missCached(f) || fallbacks.mutexAround(f)
                            || KeyProvenance.boundedByCallers(site, f.read())
                            || !fallbacks.populates(f) && ClientWrittenKeys.onlyClientsWrite(site, f.read(), facades)) {
                        continue;
                    }
                    reported.add(f.db());
                    MethodInsnNode db = (MethodInsnNode) site.flow().insn(f.db());
                    int readLine = site.flow().line(f.read());
                    String what = Loaders.reachesDb(site, f.db(), facades).map(by -> " this runs the loader it is given, which queries the database ("
                            + by + "),").orElse(" this queries the database");
                    sink.accept(site.violation(f.db(), MethodSite.describe(db), "on a cache miss" + (readLine > 0 ? " (read at line " + readLine + ")" : "")
                            + what + " with no guard: a key that does not exist reaches the database on every request "
                            + "(penetration); check a Bloom filter first, cache the miss (empty value, short TTL), or load through the cache"));
                }
            });
        }));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return readsCache(context.index(), CacheApis.Facades.of(context.params()));
    }

    static DescribedPredicate<JavaClass> readsCache(RunIndex index, CacheApis.Facades facades) {
        var reads = CacheApis.reads(facades);
        boolean anyName = !facades.reads().isEmpty();
        var exists = CacheApis.exists();
        Set<String> names = Set.of("get", "getIfPresent", "hget", "hasKey", "exists", "isExists", "containsKey");
        // declared facades may have any method name: then every call is looked at; else only the read methods' names
        DescribedPredicate<JavaClass> readers = DescribedPredicate.describe("read a cache", c -> (anyName
                ? Calls.of(index, c).instructions().stream().anyMatch(m -> reads.matches(m) || exists.matches(m))
                : Calls.of(index, c).any(names, call -> {
                    MethodInsnNode m = Calls.of(index, c).instruction(call);
                    return reads.matches(m) || exists.matches(m);
                }))
                || CacheAnalysis.mayReach(index, c) && Calls.of(index, c).instructions().stream()
                .anyMatch(m -> CacheAnalysis.auto(index, c, m).stream().anyMatch(e -> e.equals(CacheAnalysis.READ) || e.equals(CacheAnalysis.EXISTS))));
        return anyName ? readers : index.memo(READS_CACHE, readers); // declared read facades: this rule's own question
    }

    private static final RunIndex.Key<Boolean> READS_CACHE = RunIndex.Key.named("reads a cache");
}
