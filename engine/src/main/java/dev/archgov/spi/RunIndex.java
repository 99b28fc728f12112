package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one run knows about the analysed classes, computed on first use and shared by every rule of the run: the
 * class-file bytecode, each class's calls, supertypes and annotations, method summaries. The run creates it, hands it
 * to every rule through {@link RuleContext#index()} and closes it when the evaluation is over, so nothing outlives
 * the run: there is no static state, and two runs in one JVM (an audit, {@code gate --analyze-base}, a test suite,
 * library mode) never see each other's classes.
 *
 * <p>Entries are computed outside any lock: two rules asking at once may both compute an entry, and both get a value
 * of the same content. A computation may ask the index for other entries (summaries built from their callees').
 */
public final class RunIndex implements AutoCloseable {
    private final Map<Key<?>, Map<JavaClass, Object>> perClass = new ConcurrentHashMap<>();
    private final Map<Key<?>, Object> perRun = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The name of one kind of entry; compare by identity, so declare each key once as a constant. */
    public static final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        public static <T> Key<T> named(String name) {
            return new Key<>(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The entry {@code key} of {@code javaClass}, computed with {@code compute} on first use. */
    @SuppressWarnings("unchecked")
    public <T> T of(Key<T> key, JavaClass javaClass, Function<JavaClass, T> compute) {
        Map<JavaClass, Object> entries = perClass.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        Object cached = entries.get(javaClass);
        if (cached != null) {
            return (T) cached;
        }
        T computed = compute.apply(javaClass);
        if (!closed) {
            entries.putIfAbsent(javaClass, computed);
        }
        return computed;
    }

    /**
     * {@code predicate} answered once per class for the run (kept under {@code key}): a pack's question that several of
     * its rules ask, and that each rule asks twice (its scope, and the classes it counts as checked). Only for a
     * predicate that depends on nothing but the class and the run (no rule parameters), as the key names it alone.
     */
    public DescribedPredicate<JavaClass> memo(Key<Boolean> key, DescribedPredicate<JavaClass> predicate) {
        return DescribedPredicate.describe(predicate.getDescription(), c -> of(key, c, predicate::test));
    }

    /** The run-wide entry {@code key} (e.g. a table over every analysed class), computed on first use. */
    @SuppressWarnings("unchecked")
    public <T> T of(Key<T> key, Supplier<T> compute) {
        Object cached = perRun.get(key);
        if (cached != null) {
            return (T) cached;
        }
        T computed = compute.get();
        if (!closed) {
            Object raced = perRun.putIfAbsent(key, computed);
            return raced == null ? computed : (T) raced;
        }
        return computed;
    }


    /** Drops every entry; later questions are answered without keeping anything. */
    @Override
    public void close() {
        closed = true;
        perClass.clear();
        perRun.clear();
    }
}
