package dev.archgov.engine.contract;

/**
 * Where {@code archgov docs} puts each page of the rule reference, relative to its output directory (and to a
 * contract's {@code docsBaseUrl}, which links every rule without a {@code docs:} link of its own to its page).
 */
public final class RulePages {
    public static final String INDEX = "index.html";

    private RulePages() {
    }

    /** The page of a rule ({@code rules/LOCK-01.html}). */
    public static String rulePage(String ruleId) {
        return "rules/" + fileName(ruleId) + ".html";
    }

    /** The page of a rule kind ({@code kinds/lock-inside-transaction.html}). */
    public static String kindPage(String kind) {
        return "kinds/" + fileName(kind) + ".html";
    }

    /** Letters, digits, '-', '_' and '.' stay; anything else (a path separator in a hostile id) becomes '_'. */
    static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }
}
