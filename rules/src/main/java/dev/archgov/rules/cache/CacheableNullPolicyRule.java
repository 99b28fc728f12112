package dev.archgov.rules.cache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.Resources;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.ProxyAnnotations;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * CACHE-02: penetration through annotations and configuration: {@code @Cacheable(unless = "#result == null")} without
 * a Bloom check in the method, {@code sync = true} together with {@code unless} (Spring refuses it at runtime), and
 * turning null caching off ({@code disableCachingNullValues()}, {@code setAllowNullValues(false)}).
 */
@Kind(name = "cacheable-null-policy", locality = Locality.CLASS, title = "Annotation-driven caches cache misses or check a Bloom filter", category = "cache", severity = Severity.MAJOR,
        params = {@Param(name = "bloomFilters", type = ParamType.CODE_GLOBS, description = CacheApis.BLOOM_FILTERS_DOC)})
public final class CacheableNullPolicyRule extends BaseRule {

    private static final String[] NULLS_OFF_NAMES = {"disableCachingNullValues", "setAllowNullValues"};
    private static final CallMatcher NULLS_OFF = m -> m.name.equals("disableCachingNullValues")
            && m.owner.equals("org/springframework/data/redis/cache/RedisCacheConfiguration")
            || m.name.equals("setAllowNullValues") && m.owner.startsWith("org/springframework/cache/");

    @Override
    public ArchRule compile(RuleContext context) {
        CacheApis.Facades facades = CacheApis.Facades.of(context.params());
        return classes().should(new FlowCondition("cache misses of annotated caches", context.index(), (index, c, sink) -> check(index, c, facades, sink)));
    }

    static void check(RunIndex index, JavaClass javaClass, CacheApis.Facades facades, Consumer<Violation> sink) {
        for (JavaMethod method : ProxyAnnotations.mayHave(index, javaClass, List.of(CacheAnnotations.CACHEABLE)) ? javaClass.getMethods() : Set.<JavaMethod>of()) {
            ProxyAnnotations.Found cacheable = CacheAnnotations.cacheable(method);
            if (!cacheable.present()) {
                continue;
            }
            int line = method.getSourceCodeLocation().getLineNumber();
            if (CacheAnnotations.sync(cacheable) && !CacheAnnotations.unless(cacheable).isBlank()) {
                sink.accept(new Violation(method.getFullName(), CacheAnnotations.CACHEABLE, javaClass, line,
                        "@Cacheable(sync = true) with 'unless' is not supported: Spring refuses it when the cache is used"));
            } else if (CacheAnnotations.skipsNull(cacheable) && !checksBloom(index, javaClass, method, facades)) {
                sink.accept(new Violation(method.getFullName(), CacheAnnotations.CACHEABLE, javaClass, line,
                        "@Cacheable(unless = \"#result == null\") never caches a miss, and nothing checks a Bloom filter: "
                                + "a key that does not exist reaches the database on every call; cache the miss or check a Bloom filter first"));
            }
        }
        if (Calls.of(index, javaClass).anyNamed(NULLS_OFF_NAMES)) {
            MethodSite.forEach(index, javaClass, NULLS_OFF, site -> {
                for (int call : site.flow().calls(NULLS_OFF)) {
                    MethodInsnNode m = (MethodInsnNode) site.flow().insn(call);
                    if (m.name.equals("setAllowNullValues") && !site.flow().constantArgument(call, 0).filter(Integer.valueOf(0)::equals).isPresent()) {
                        continue;
                    }
                    Optional<Boolean> whenProperty = followsProperty(site.flow(), call);
                    String because = "";
                    if (whenProperty.isPresent()) {
                        // Spring Boot's own idiom: if (!redis.isCacheNullValues()) config = config.disableCachingNullValues();
                        boolean property = Resources.springProperty(index, javaClass, NULL_VALUES_PROPERTY)
                                .map(v -> !v.equalsIgnoreCase("false")).orElse(true); // Spring's default: null values are cached
                        if (property != whenProperty.get()) {
                            continue;
                        }
                        because = " (" + NULL_VALUES_PROPERTY + " is " + property + " in the application's configuration)";
                    }
                    sink.accept(site.violation(call, MethodSite.describe(m), m.name + because + " turns null caching off for every cache it configures: "
                            + "misses are never cached, so each lookup of a missing key reaches the database; keep null values (short TTL) "
                            + "or guard with a Bloom filter"));
                }
            });
        }
    }

    private static final String NULL_VALUES_PROPERTY = "spring.cache.redis.cache-null-values";

    /**
     * When the call is made only on one branch of a test of Spring's {@code cache-null-values} property
     * ({@code CacheProperties.Redis.isCacheNullValues()}): the property value that makes it run.
     */
    private static Optional<Boolean> followsProperty(MethodFlow flow, int call) {
        for (MethodFlow.Test t : flow.booleanTests()) {
            boolean onProperty = t.tested().roots().stream().anyMatch(r -> flow.insn(r) instanceof MethodInsnNode m
                    && (m.name.equals("isCacheNullValues") || m.name.equals("getCacheNullValues")));
            if (!onProperty) {
                continue;
            }
            if (flow.dominatedBy(call, j -> j == t.branch().whenFalse())) {
                return Optional.of(false);
            }
            if (flow.dominatedBy(call, j -> j == t.branch().whenTrue())) {
                return Optional.of(true);
            }
        }
        return Optional.empty();
    }

    private static boolean checksBloom(RunIndex index, JavaClass javaClass, JavaMethod method, CacheApis.Facades facades) {
        return MethodSite.of(index, javaClass, method.getName(), Descriptors.of(method))
                .map(site -> !MissFallbacks.sites(site, CacheApis.bloom(facades), MethodSite.HELPER_DEPTH).isEmpty()).orElse(false);
    }

    /** The classes with {@code @Cacheable} methods, and those that configure null caching. */
    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return DescribedPredicate.describe("use annotated caches", c -> ProxyAnnotations.mayHave(context.index(), c, List.of(CacheAnnotations.CACHEABLE))
                || Calls.of(context.index(), c).anyNamed(NULLS_OFF_NAMES));
    }
}
