package dev.archgov.rules.cache;

import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.flow.ProxyAnnotations;

import java.util.List;

/** Spring's caching annotations, by name. */
final class CacheAnnotations {
    static final String CACHEABLE = "org.springframework.cache.annotation.Cacheable";
    static final List<String> ALL = List.of(CACHEABLE, "org.springframework.cache.annotation.CachePut",
            "org.springframework.cache.annotation.CacheEvict", "org.springframework.cache.annotation.Caching");

    static ProxyAnnotations.Found cacheable(JavaMethod method) {
        return ProxyAnnotations.find(method, List.of(CACHEABLE));
    }

    static boolean sync(ProxyAnnotations.Found cacheable) {
        return cacheable.attribute("sync").filter(Boolean.TRUE::equals).isPresent();
    }

    static String unless(ProxyAnnotations.Found cacheable) {
        return cacheable.attribute("unless").map(Object::toString).orElse("");
    }

    /** {@code unless = "#result == null"} (any spacing): a miss is never cached. */
    static boolean skipsNull(ProxyAnnotations.Found cacheable) {
        return unless(cacheable).replace(" ", "").contains("#result==null");
    }

    private CacheAnnotations() {
    }
}
