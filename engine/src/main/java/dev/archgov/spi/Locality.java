package dev.archgov.spi;

/**
 * What a rule's findings about a class can depend on, which decides whether an incremental run may re-check only the
 * classes a change reaches ({@code check} and {@code gate} reuse the rest from the previous run's per-class results).
 */
public enum Locality {
    /**
     * A finding about class C depends only on C's bytecode, on the classes C refers to (directly or through them,
     * their summaries included; what it sees of another class's code comes through its method summaries,
     * {@code dev.archgov.spi.flow.Summaries}, alone), on the analysed subclasses and implementations of those types that
     * summaries follow, on resource files
     * beside the classes, and on the rule's parameters — never on the classes that refer to C, nor on a table built
     * over every analysed class. Each finding names (as its class) the class whose check produced it, and its scope
     * answers for a class from the same facts. A rule kind that is not sure is {@link #GRAPH}.
     */
    CLASS,
    /**
     * {@link #CLASS}, and a finding may depend on every analysed subtype of the types C refers to (not just on those a
     * method summary follows, as for {@code CLASS}: a summary follows no type with more than
     * {@code Summaries.MAX_IMPLEMENTATIONS} analysed subclasses, and nothing of an implementation whose code reaches no
     * effect of a pack): an incremental run then imports every subtype of what it imports.
     */
    SUBTYPES,
    /** A finding can depend on any analysed class (callers, cycles, incoming layer checks, run-wide tables): a change re-runs everything. */
    GRAPH
}
