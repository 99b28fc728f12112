package dev.archgov.spi;

/** The shape of a rule parameter, checked when the contract is loaded. */
public enum ParamType {
    /** A string. */
    STRING,
    /** A list of strings. */
    STRING_LIST,
    /**
     * A list of globs over the analysed code: a type ({@code com.acme.MemberDao}, {@code com.acme.*Dao}) or a type and
     * a method ({@code com.acme.MemberCache.get*}). Checked when loaded; a glob that matches no analysed type or
     * method is reported with the run (a typo must not mean "nothing to check").
     */
    CODE_GLOBS,
    /** true or false. */
    BOOLEAN,
    /** A whole number. */
    INTEGER,
    /** A list of layer names declared in the contract's {@code layers}. */
    LAYER_LIST,
    /** A list of ArchUnit package patterns, e.g. {@code ..web..}. */
    PACKAGE_LIST,
    /** A class selector mapping (layers, packages, classes, annotatedWith, assignableTo, nameMatching). */
    SELECTOR,
    /** A list of class selectors. */
    SELECTOR_LIST
}
