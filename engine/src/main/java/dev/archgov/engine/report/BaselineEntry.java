package dev.archgov.engine.report;

/** A known finding in a baseline file: its fingerprint, and what it was for people to read. */
public record BaselineEntry(String fingerprint, String ruleId, String element, String target, String path, int line) {

    public static BaselineEntry of(Finding f) {
        return new BaselineEntry(f.fingerprint(), f.ruleId(), f.element(), f.target(), f.path(), f.line());
    }
}
