package dev.archgov.engine.report;

import dev.archgov.engine.contract.PrintableText;
import dev.archgov.engine.contract.Severity;

/**
 * One violation of one rule.
 *
 * @param ruleId      the rule's id
 * @param severity    the rule's severity
 * @param category    the rule's score category
 * @param message     the rule's message (what the finding means)
 * @param detail      what exactly happened here, one sentence
 * @param className   the class that holds the element
 * @param element     the offending element: class name, or {@code Class.method(paramTypes)}
 * @param target      what it uses or lacks (member or type); empty when nothing applies
 * @param path        repository-relative source path ({@code /} separated)
 * @param line        1-based line; 0 when the finding is about a class as a whole
 * @param column      1-based column; 0 when unknown (class findings: bytecode has lines only)
 * @param fingerprint stable identity: rule, element, target and occurrence index, never the line or the wording
 *                    <p>Every text is {@linkplain PrintableText printable}: names from bytecode and messages from a contract
 *                    may hold any character, and every format prints them.
 */
public record Finding(String ruleId, Severity severity, String category, String message, String detail,
                      String className, String element, String target, String path, int line, int column, String fingerprint) {

    public Finding {
        ruleId = PrintableText.of(ruleId);
        category = PrintableText.of(category);
        message = PrintableText.of(message);
        detail = PrintableText.of(detail);
        className = PrintableText.of(className);
        element = PrintableText.of(element);
        target = PrintableText.of(target);
        path = PrintableText.of(path);
    }

    /** A finding without a column (every finding about a class). */
    public Finding(String ruleId, Severity severity, String category, String message, String detail,
                   String className, String element, String target, String path, int line, String fingerprint) {
        this(ruleId, severity, category, message, detail, className, element, target, path, line, 0, fingerprint);
    }

    /** {@code path:line:column}, {@code path:line} or {@code path}: what a reader (and an editor) jumps to. */
    public String location() {
        return line > 0 ? path + ":" + line + (column > 0 ? ":" + column : "") : path;
    }

    public Finding withFingerprint(String fp) {
        return new Finding(ruleId, severity, category, message, detail, className, element, target, path, line, column, fp);
    }
}
