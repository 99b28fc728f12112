package dev.archgov.engine.eval;

import java.util.function.Supplier;

/** A value computed on first use, once, whichever rule evaluation asks first. */
final class Once<T> {
    private final Supplier<T> compute;
    private T value;

    Once(Supplier<T> compute) {
        this.compute = compute;
    }

    synchronized T get() {
        if (value == null) {
            value = compute.get();
        }
        return value;
    }
}
