package dev.archgov.engine.report.format;

/**
 * Terminal styling for the text report. The CLI supplies one backed by picocli's ANSI support (which also decides
 * whether the output is a terminal); everything else uses {@link #PLAIN}.
 */
@FunctionalInterface
public interface Styler {
    Styler PLAIN = (style, text) -> text;

    /** {@code text} rendered with picocli-style comma-separated styles, e.g. {@code "bold,red"}. */
    String apply(String style, String text);
}
