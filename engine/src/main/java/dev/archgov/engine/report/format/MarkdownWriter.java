package dev.archgov.engine.report.format;

import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A pull-request comment: score and delta, per-category bars, the findings rule by rule in collapsed sections (capped,
 * with a count of the rest and a link to the full report when its address is known) and, against a baseline, the fixed
 * ones (entries that no longer occur).
 */
public final class MarkdownWriter implements ReportWriter {
    static final int MAX_FINDINGS = 25;
    /** Where the full report is published (a CI artifact's page), when the pipeline says. */
    private final Optional<String> reportUrl;

    public MarkdownWriter() {
        this(Optional.empty());
    }

    public MarkdownWriter(Optional<String> reportUrl) {
        this.reportUrl = reportUrl.filter(u -> u.startsWith("https://") || u.startsWith("http://"));
    }

    @Override
    public String format() {
        return "markdown";
    }

    @Override
    public String fileName() {
        return "archgov-summary.md";
    }

    @Override
    public void write(Report r, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        Optional<RepositoryLinks> links = RepositoryLinks.of(r);
        String delta = r.delta().map(d -> String.format(Locale.ROOT, " (%+.1f since %s)", d.overall(), commit(links, d.againstCommit()))).orElse("");
        out.printf(Locale.ROOT, "## archgov · %s · Health %s%s%s%n%n", text(r.contract().name()), ScoreText.headline(r.score()),
                text(ScoreText.incomplete(r)), delta);
        reportUrl.ifPresent(u -> out.printf("[Full report](%s)%n%n", url(u)));
        for (String duplicate : r.target().duplicates()) {
            out.printf("> **Warning**: left out, a second copy of a class: %s%n", text(duplicate));
        }
        for (String unreadable : r.target().unreadable()) {
            out.printf("> **Warning**: left out, unreadable: %s%n", text(unreadable));
        }
        if (r.target().incomplete()) {
            out.println();
        }
        r.delta().flatMap(d -> d.cause()).ifPresent(c -> out.printf("Score change: %s%s.%n%n", ScoreText.cause(c),
                r.delta().get().contractChanged() ? " (the contract changed)" : ""));
        if (!r.score().contributions().isEmpty()) {
            out.printf("Points lost: %s.%n%n", ScoreText.contributions(r.score(), 5));
        }
        if (!r.score().checkedNothing().isEmpty()) {
            String line = text(ScoreText.checkedNothing(r.score()));
            out.printf("%s%s.%n%n", line.substring(0, 1).toUpperCase(Locale.ROOT), line.substring(1));
        }
        String unmatched = ScoreText.matchesNothing(r.rules());
        if (!unmatched.isEmpty()) {
            String line = text(unmatched);
            out.printf("%s%s.%n%n", line.substring(0, 1).toUpperCase(Locale.ROOT), line.substring(1));
        }
        out.println(r.passed() ? "**Passed**: no finding at or above " + r.failOn().label() + "."
                : "**Failed**: " + r.failing() + " finding" + (r.failing() == 1 ? "" : "s") + " at or above " + r.failOn().label() + ".");
        out.println();
        out.println("| category | score | |");
        out.println("|---|---:|---|");
        r.score().categories().forEach((name, value) -> {
            String change = r.delta().map(d -> d.categories().get(name)).filter(v -> v != 0)
                    .map(v -> String.format(Locale.ROOT, " (%+.1f)", v)).orElse("");
            out.printf(Locale.ROOT, "| %s | %.1f%s | `%s` |%n", name, value, change, bar(value));
        });
        r.score().notApplicable().forEach(name -> out.printf("| %s | n/a | nothing in scope |%n", name));
        out.println();
        List<Finding> findings = r.findings();
        out.printf("### %s finding%s%s%n%n", findings.isEmpty() ? "No" : String.valueOf(findings.size()), findings.size() == 1 ? "" : "s",
                r.baselined().isEmpty() ? "" : " (new; " + r.baselined().size() + " known to the baseline)");
        // rule by rule (in the report's order), each a collapsed section; the first one open, so the worst shows at once
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        findings.forEach(f -> byRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f));
        int shown = 0;
        for (Map.Entry<String, List<Finding>> e : byRule.entrySet()) {
            if (shown >= MAX_FINDINGS) {
                break;
            }
            List<Finding> ofRule = e.getValue();
            Finding first = ofRule.get(0);
            out.printf("<details%s><summary><code>%s</code> · %s · %d finding%s: %s</summary>%n%n", shown == 0 ? " open" : "", Html.escape(e.getKey()),
                    Html.escape(first.severity().label()), ofRule.size(), ofRule.size() == 1 ? "" : "s", Html.escape(cell(first.message())));
            out.println("| rule | severity | where | what |");
            out.println("|---|---|---|---|");
            for (Finding f : ofRule.stream().limit(MAX_FINDINGS - shown).toList()) {
                out.printf("| %s | %s | %s | %s |%n", rule(r, f.ruleId()), f.severity().label(), where(links, r, f), text(f.detail()));
                shown++;
            }
            out.printf("%n</details>%n%n");
        }
        if (findings.size() > shown) {
            out.printf("_…and %d more (%s)._%n%n", findings.size() - shown,
                    reportUrl.map(u -> "see the [full report](" + url(u) + ")").orElse("see the full report"));
        }
        if (!r.staleBaseline().isEmpty()) {
            out.printf("### Fixed (%d)%n%n", r.staleBaseline().size());
            for (BaselineEntry e : r.staleBaseline()) {
                out.printf("- %s `%s` (%s)%n", text(e.ruleId()), cell(e.element()), text(e.path() + (e.line() > 0 ? ":" + e.line() : "")));
            }
            out.println();
        }
        out.flush();
    }

    static String bar(double score) {
        int filled = (int) Math.round(score / 10);
        return "█".repeat(filled) + "░".repeat(10 - filled);
    }

    /** Text outside a code span: HTML is shown, never rendered ({@code <init>} stays visible), Markdown emphasis too. */
    static String text(String text) {
        return cell(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")
                .replace("[", "\\[").replace("]", "\\]");
    }

    /** Text inside a table cell's code span: no pipe, newline or backtick can end it. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }

    /** A URL as a Markdown link target: nothing in it can end the link. */
    private static String url(String u) {
        return u.replace(" ", "%20").replace("(", "%28").replace(")", "%29");
    }

    /** The rule's id, linked to its page when it has an http(s) docs link (its own {@code docs:}, or the contract's {@code docsBaseUrl}). */
    private static String rule(Report r, String id) {
        return r.rules().stream().filter(x -> x.id().equals(id)).map(RuleResult::docs).filter(d -> d.startsWith("https://") || d.startsWith("http://"))
                .findFirst().map(d -> "[" + text(id) + "](" + url(d) + ")").orElse(text(id));
    }

    /** The finding's place as a code span, linked to the file at the analysed commit when the remote is a known host. */
    private static String where(Optional<RepositoryLinks> links, Report r, Finding f) {
        String span = "`" + cell(f.location()) + "`";
        if (links.isEmpty() || f.path() == null || f.path().isEmpty() || f.path().startsWith("/")) {
            return span;
        }
        return links.get().file(r.git().commit(), f.path(), f.line()).map(u -> "[" + span + "](" + url(u) + ")").orElse(span);
    }

    private static String commit(Optional<RepositoryLinks> links, String commit) {
        String span = "`" + shortId(commit) + "`";
        return links.isEmpty() || commit.isEmpty() ? span : links.get().commit(commit).map(u -> "[" + span + "](" + url(u) + ")").orElse(span);
    }

    private static String shortId(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
