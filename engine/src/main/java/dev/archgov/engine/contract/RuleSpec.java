package dev.archgov.engine.contract;

/**
 * One rule of a contract.
 *
 * @param id       stable identifier, e.g. {@code GEN-HTTP-01}
 * @param kind     the rule kind that compiles it, e.g. {@code forbidden-dependency}
 * @param severity severity of its findings
 * @param category score category, e.g. {@code layering}
 * @param message  what a finding means, in the team's words
 * @param docs     a link explaining the rule, e.g. to the team's architecture white paper
 * @param enabled  disabled rules are loaded and validated but not evaluated
 * @param allowEmpty a selector written in {@code params} may match no analysed class (else the rule fails: it would
 *                 check nothing there)
 * @param params   kind-specific parameters, validated against the kind
 * @param pos      where the rule was declared (the last override wins)
 */
public record RuleSpec(String id, String kind, Severity severity, String category, String message, String docs,
                       boolean enabled, boolean allowEmpty, Params params, SourcePos pos) {

    /** A message written over several YAML lines reads as one line; every text is printable whatever the file holds. */
    public RuleSpec {
        id = PrintableText.of(id);
        category = PrintableText.of(category);
        message = message == null ? null : PrintableText.of(message.strip().replaceAll("\\s*\\R\\s*", " "));
        docs = PrintableText.of(docs);
    }
}
