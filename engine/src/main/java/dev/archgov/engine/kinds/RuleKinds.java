package dev.archgov.engine.kinds;

import dev.archgov.spi.RuleKind;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The rule kinds available on a class loader, found with {@link ServiceLoader}. */
public final class RuleKinds {
    private final Map<String, RuleKind> byName;

    private RuleKinds(Map<String, RuleKind> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static RuleKinds load(ClassLoader loader) {
        Map<String, RuleKind> found = new TreeMap<>();
        for (RuleKind kind : ServiceLoader.load(RuleKind.class, loader)) {
            RuleKind previous = found.putIfAbsent(kind.name(), kind);
            if (previous != null && previous.getClass() != kind.getClass()) {
                throw new IllegalStateException("two rule kinds are named '" + kind.name() + "': "
                        + previous.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
        return new RuleKinds(found);
    }

    public static RuleKinds load() {
        return load(RuleKinds.class.getClassLoader());
    }

    public static RuleKinds of(RuleKind... kinds) {
        Map<String, RuleKind> map = new TreeMap<>();
        for (RuleKind k : kinds) {
            map.put(k.name(), k);
        }
        return new RuleKinds(map);
    }

    public Optional<RuleKind> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<RuleKind> all() {
        return byName.values();
    }

    public Collection<String> names() {
        return byName.keySet();
    }
}
