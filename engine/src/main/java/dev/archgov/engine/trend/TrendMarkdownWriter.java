package dev.archgov.engine.trend;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/** The trend for a wiki page or an issue: summary, regressions, rules, failed builds and every commit's scores. */
public final class TrendMarkdownWriter implements TrendWriter {

    @Override
    public String format() {
        return "markdown";
    }

    @Override
    public String fileName() {
        return "archgov-trend.md";
    }

    @Override
    public void write(Trend t, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.printf("## archgov audit · %s · %s%n%n", cell(t.contract()), cell(t.branch().isEmpty() ? "detached HEAD" : t.branch()));
        out.println(TrendText.summary(t));
        out.println();

        out.println("### Largest regressions");
        out.println();
        if (t.regressions().isEmpty()) {
            out.println("None: no commit lowered the score or added a finding.");
        } else {
            out.println("| Commit | Score | New findings |");
            out.println("|---|---|---|");
            for (Trend.Regression g : t.regressions()) {
                StringBuilder found = new StringBuilder();
                g.introduced().stream().limit(5).forEach(f -> found.append(found.length() == 0 ? "" : "<br>")
                        .append('`').append(cell(f.ruleId())).append("` ").append(cell(f.location().isEmpty() ? f.element() : f.location())));
                if (g.introduced().size() > 5) {
                    found.append("<br>… ").append(g.introduced().size() - 5).append(" more");
                }
                out.printf(Locale.ROOT, "| `%s` %s%s | %.1f → %.1f (%s) | %s |%n", g.shortId(), cell(g.subject()),
                        g.unbuiltBefore().isEmpty() ? "" : " (or " + g.unbuiltBefore().size() + " unbuilt commit(s) before it)",
                        g.scoreBefore(), g.scoreAfter(), TrendText.signed(-g.drop()), found.length() == 0 ? "–" : found);
            }
        }
        out.println();

        out.println("### Rules with the most findings");
        out.println();
        if (t.rules().isEmpty()) {
            out.println("No rule has findings.");
        } else {
            out.println("| Rule | Category | Findings now | First audited | Peak | Trend |");
            out.println("|---|---|---|---|---|---|");
            t.rules().forEach(r -> out.printf(Locale.ROOT, "| `%s` | %s | %d | %d | %d | %s |%n", cell(r.ruleId()), cell(r.category()), r.now(),
                    r.first(), r.peak(), TrendText.arrow(r.direction()) + " " + r.direction()));
        }
        out.println();

        if (!t.failures().isEmpty()) {
            out.println("### Failed builds");
            out.println();
            out.println("| Commit | Time | Outcome | Cause |");
            out.println("|---|---|---|---|");
            t.failures().forEach(f -> out.printf("| `%s` %s | %s | %s | %s |%n", f.shortId(), cell(f.subject()), f.time(),
                    TrendText.outcome(f), cell(f.cause().lines().findFirst().orElse(""))));
            out.println();
        }

        out.println("### Commits");
        out.println();
        StringBuilder header = new StringBuilder("| Commit | Time | Score |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        t.categories().forEach(c -> {
            header.append(' ').append(cell(c)).append(" |");
            rule.append("---|");
        });
        out.println(header.append(" Findings | New | Fixed |"));
        out.println(rule.append("---|---|---|"));
        for (Trend.Point p : t.points()) {
            StringBuilder row = new StringBuilder("| `" + p.shortId() + "` " + cell(p.subject()) + " | " + p.time() + " | ");
            if (!p.analysed()) {
                row.append(TrendText.status(p)).append(" |");
                t.categories().forEach(c -> row.append(" |"));
                out.println(row.append(" | | |"));
                continue;
            }
            row.append(String.format(Locale.ROOT, "%.1f |", p.score()));
            t.categories().forEach(c -> row.append(p.categories().containsKey(c)
                    ? String.format(Locale.ROOT, " %.1f |", p.categories().get(c)) : " |"));
            row.append(' ').append(p.findings()).append(" | ").append(p.introduced() == null ? "" : p.introduced())
                    .append(" | ").append(p.fixed() == null ? "" : p.fixed()).append(" |");
            out.println(row);
        }
        out.flush();
    }

    /** Text safe in a table cell: no pipes, no line breaks. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }
}
