package dev.archgov.rules.cache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.ProxyAnnotations;
import dev.archgov.spi.flow.SelfInvocations;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** CACHE-05: a {@code @Cacheable}/{@code @CachePut}/{@code @CacheEvict} method called through {@code this}: caching is off. */
@Kind(name = "cacheable-self-invocation", locality = Locality.CLASS, title = "Cached methods are called through the proxy", category = "cache", severity = Severity.MAJOR)
public final class CacheableSelfInvocationRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().should(new FlowCondition("call cached methods through the proxy", context.index(), (index, c, sink) ->
                SelfInvocations.find(index, c, CacheAnnotations.ALL, m -> ProxyAnnotations.find(m, CacheAnnotations.ALL).present(), self ->
                        sink.accept(self.site().violation(self.call(), self.target().getFullName(), "call to " + self.target().getName()
                                + "() through 'this' bypasses the caching proxy: the cache is never read or written here; "
                                + "call it through the injected bean")))));
    }

    /** The classes that may carry a cache annotation: elsewhere there is no proxy to bypass. */
    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return DescribedPredicate.describe("have cache annotations", c -> ProxyAnnotations.mayHave(context.index(), c, CacheAnnotations.ALL));
    }
}
