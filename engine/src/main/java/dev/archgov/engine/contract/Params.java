package dev.archgov.engine.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validated rule parameters. Values are {@link String}, {@code List<String>}, {@link Boolean}, {@link Long} or
 * {@link ClassSelector}, as the kind declared them; positions let a kind report a problem where it was written.
 */
public final class Params {
    private final Map<String, Object> values;
    private final Map<String, SourcePos> positions;

    public Params(Map<String, Object> values, Map<String, SourcePos> positions) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    public static Params empty() {
        return new Params(Map.of(), Map.of());
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    public boolean bool(String name, boolean fallback) {
        Object v = values.get(name);
        return v == null ? fallback : (Boolean) v;
    }

    public long integer(String name, long fallback) {
        Object v = values.get(name);
        return v == null ? fallback : (Long) v;
    }

    public Optional<ClassSelector> selector(String name) {
        return Optional.ofNullable((ClassSelector) values.get(name));
    }

    @SuppressWarnings("unchecked")
    public List<ClassSelector> selectorList(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<ClassSelector>) v;
    }

    public Optional<SourcePos> position(String name) {
        return Optional.ofNullable(positions.get(name));
    }

    /** Parameters of {@code this}, with each one given in {@code override} replacing it. */
    public Params overriddenBy(Params override) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.putAll(override.values);
        Map<String, SourcePos> p = new LinkedHashMap<>(positions);
        p.putAll(override.positions);
        return new Params(v, p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
