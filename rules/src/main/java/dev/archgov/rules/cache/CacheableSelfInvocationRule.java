package dev.archgov.rules.cache;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.spi.RunIndex;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.spi.ParamSpec;
import dev.archgov.engine.spi.RuleContext;
import dev.archgov.engine.spi.RuleMeta;
import dev.archgov.rules.support.BaseRule;
import dev.archgov.rules.support.FlowCondition;
import dev.archgov.rules.support.ProxyAnnotations;
import dev.archgov.rules.support.SelfInvocations;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** CACHE-05: a {@code @Cacheable}/{@code @CachePut}/{@code @CacheEvict} method called through {@code this}: caching is off. */
public final class CacheableSelfInvocationRule extends BaseRule {
    private static final RuleMeta META = RuleMeta.of(CacheableSelfInvocationRule.class,
            "Cached methods are called through the proxy", "cache", Severity.MAJOR);

    public CacheableSelfInvocationRule() {
        super("cacheable-self-invocation", META, List.of());
    }

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().should(new FlowCondition("call cached methods through the proxy", context.index(), (index, c, sink) ->
                SelfInvocations.find(index, c, CacheAnnotations.ALL, m -> ProxyAnnotations.find(m, CacheAnnotations.ALL).present(), self ->
                        sink.accept(self.site().violation(self.call(), self.target().getFullName(), "call to " + self.target().getName()
                                + "() through 'this' bypasses the caching proxy: the cache is never read or written here; "
                                + "call it through the injected bean")))));
    }
}
