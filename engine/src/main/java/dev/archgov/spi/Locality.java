package dev.archgov.spi;

/**
 * What a rule's findings about a class can depend on, which decides whether an incremental run may re-check only the
 * classes a change reaches ({@code check} and {@code gate} reuse the rest from the previous run's per-class results).
 */
public enum Locality {
    /**
     * A finding about class C depends only on C's bytecode, on the classes C refers to (directly or through them,
     * their summaries included), on the analysed subclasses and implementations of those types, on resource files
     * beside the classes, and on the rule's parameters — never on the classes that refer to C, nor on a table built
     * over every analysed class. Each finding names (as its class) the class whose check produced it, and its scope
     * answers for a class from the same facts. A rule kind that is not sure is {@link #GRAPH}.
     */
    CLASS,
    /** A finding can depend on any analysed class (callers, cycles, incoming layer checks, run-wide tables): a change re-runs everything. */
    GRAPH
}
