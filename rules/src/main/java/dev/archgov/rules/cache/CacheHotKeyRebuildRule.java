package dev.archgov.rules.cache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Globs;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.ProxyAnnotations;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * CACHE-03: for the methods and caches the contract marks hot, the rebuild after a miss is coalesced (a loading
 * cache, {@code @Cacheable(sync = true)}) or runs under a mutex, so an expiring hot key sends one load to the
 * database, not a herd.
 */
@Kind(name = "cache-hot-key-rebuild", locality = Locality.CLASS, title = "Hot keys are rebuilt once: coalesced or under a mutex", category = "cache", severity = Severity.MAJOR,
        params = {@Param(name = "hot", type = ParamType.CODE_GLOBS,
                        description = "hot methods: Type.method globs whose cache rebuild must be coalesced"),
                @Param(name = "hotCaches", type = ParamType.STRING_LIST,
                        description = "hot cache names: @Cacheable methods of these caches need sync = true"),
                @Param(name = "cacheReads", type = ParamType.CODE_GLOBS, description = CacheApis.CACHE_READS_DOC),
                @Param(name = "cacheWrites", type = ParamType.CODE_GLOBS, description = CacheApis.CACHE_WRITES_DOC),
                @Param(name = "dbAccess", type = ParamType.CODE_GLOBS, description = CacheApis.DB_ACCESS_DOC),
                @Param(name = "bloomFilters", type = ParamType.CODE_GLOBS, description = CacheApis.BLOOM_FILTERS_DOC)})
public final class CacheHotKeyRebuildRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext ctx) {
        List<Globs.Glob> hot = hot(ctx);
        List<String> hotCaches = ctx.params().strings("hotCaches");
        CacheApis.Facades facades = CacheApis.Facades.of(ctx.params());
        return classes().should(new FlowCondition("rebuild hot keys once", ctx.index(), (index, c, sink) -> check(index, c, hot, hotCaches, facades, sink)));
    }

    static void check(RunIndex index, JavaClass javaClass, List<Globs.Glob> hot, List<String> hotCaches, CacheApis.Facades facades, Consumer<Violation> sink) {
        if (hot.isEmpty() && hotCaches.isEmpty()) {
            return;
        }
        boolean annotated = ProxyAnnotations.mayHave(index, javaClass, List.of(CacheAnnotations.CACHEABLE));
        for (JavaMethod method : annotated ? javaClass.getMethods() : Set.<JavaMethod>of()) {
            ProxyAnnotations.Found cacheable = CacheAnnotations.cacheable(method);
            if (cacheable.present() && !CacheAnnotations.sync(cacheable) && (isHot(method, hot) || inHotCache(cacheable, hotCaches))) {
                sink.accept(new Violation(method.getFullName(), CacheAnnotations.CACHEABLE, javaClass, method.getSourceCodeLocation().getLineNumber(),
                        "hot cache entry rebuilt without coalescing: when it expires every concurrent caller loads it from the database; "
                                + "use @Cacheable(sync = true)"));
            }
        }
        if (javaClass.getMethods().stream().noneMatch(m -> isHot(m, hot))) {
            return;
        }
        MissFallbacks fallbacks = new MissFallbacks(CacheApis.reads(facades), CacheApis.writes(facades), CacheAnalysis.db(index, javaClass, facades),
                CacheApis.bloom(facades));
        MethodSite.forEach(index, javaClass, fallbacks.candidates(javaClass.getName().replace('.', '/')), site -> {
            if (site.isLambda() || site.codeUnit().filter(u -> u instanceof JavaMethod m && isHot(m, hot)).isEmpty()
                    || !site.flow().calls(CacheApis.coalescing()).isEmpty()) {
                return;
            }
            Set<Integer> reported = new HashSet<>();
            for (MissFallbacks.Fallback f : fallbacks.find(site)) {
                if (reported.add(f.db()) && !fallbacks.mutexAround(f)) {
                    sink.accept(site.violation(f.db(), MethodSite.describe((MethodInsnNode) site.flow().insn(f.db())),
                            "hot key rebuilt from the database with no mutex or coalescing: when it expires, every concurrent caller "
                                    + "runs this query (cache breakdown); load through a loading cache or take a mutex (SETNX/tryLock) around it"));
                }
            }
        });
    }

    private static boolean isHot(JavaMethod m, List<Globs.Glob> hot) {
        String name = m.getOwner().getName() + "." + m.getName();
        return hot.stream().anyMatch(p -> p.matches(name));
    }

    private static boolean inHotCache(ProxyAnnotations.Found cacheable, List<String> hotCaches) {
        for (String attribute : List.of("cacheNames", "value")) {
            if (cacheable.attribute(attribute).filter(v -> v instanceof Object[] names
                    && Arrays.stream(names).anyMatch(n -> hotCaches.contains(String.valueOf(n)))).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The classes with a hot method or a {@code @Cacheable} method of a hot cache; none when the contract marks nothing hot. */
    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        List<Globs.Glob> hot = hot(ctx);
        List<String> hotCaches = ctx.params().strings("hotCaches");
        return DescribedPredicate.describe("have hot keys", c -> c.getMethods().stream().anyMatch(m -> isHot(m, hot))
                || !hotCaches.isEmpty() && ProxyAnnotations.mayHave(ctx.index(), c, List.of(CacheAnnotations.CACHEABLE))
                && c.getMethods().stream().map(CacheAnnotations::cacheable).anyMatch(f -> f.present() && inHotCache(f, hotCaches)));
    }

    private static List<Globs.Glob> hot(RuleContext ctx) {
        return ctx.params().strings("hot").stream().map(Globs::compile).toList();
    }
}
