package dev.archgov.engine.report.format;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.report.SuppressionNotice;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Human-readable report: findings grouped by rule with {@code path:line}, then a summary line. */
public final class TextReportWriter implements ReportWriter {
    private final Styler styler;

    public TextReportWriter(Styler styler) {
        this.styler = styler;
    }

    @Override
    public String format() {
        return "text";
    }

    @Override
    public String fileName() {
        return "archgov-report.txt";
    }

    @Override
    public void write(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println(styler.apply("bold", "archgov " + report.tool()) + " · contract " + report.contract().name()
                + " (" + report.contract().file() + ") · " + commit(report.git()));
        String mode = report.timings().mode();
        out.printf(Locale.ROOT, "analysed %s in %s with %s in %.1f s%s%n", count(report.target().classes(), "class"),
                count(report.target().packages(), "package"), count(report.rules().size(), "rule"),
                report.timings().totalMillis() / 1000.0, mode.startsWith("incremental(")
                        ? " (" + mode.substring("incremental(".length(), mode.length() - 1) + " re-checked, the rest reused)" : "");
        for (String unreadable : report.target().unreadable()) {
            out.println(styler.apply("yellow", "warning: ") + "left out, unreadable (analyze.onUnreadable: warn): " + unreadable);
        }
        for (String duplicate : report.target().duplicates()) {
            out.println(styler.apply("yellow", "warning: ") + "left out, a second copy of a class: " + duplicate);
        }
        summaryScreen(report, out);
        for (RuleResult rule : report.rules()) {
            List<Finding> findings = report.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
            if (findings.isEmpty()) {
                continue;
            }
            out.println();
            out.println(styler.apply("bold", rule.id()) + "  " + severity(rule.severity()) + "  " + rule.message()
                    + styler.apply("faint", "  (" + count(findings.size(), "finding") + ")"));
            if (!rule.docs().isEmpty()) {
                out.println("  " + styler.apply("faint", "docs: " + rule.docs()));
            }
            for (Finding f : findings) {
                out.println("  " + styler.apply("cyan", f.location()) + "  " + f.detail());
            }
        }
        if (!report.baselined().isEmpty()) {
            out.println();
            out.println(styler.apply("faint", count(report.baselined().size(), "finding") + " known to the baseline (not failing)"));
        }
        if (!report.staleBaseline().isEmpty()) {
            int n = report.staleBaseline().size();
            out.println(styler.apply("yellow", "warning: ") + (n == 1 ? "1 baseline entry no longer occurs" : n + " baseline entries no longer occur")
                    + ": fixed; prune with 'archgov baseline'");
        }
        if (!report.suppressed().isEmpty()) {
            out.println();
            out.println(styler.apply("faint", count(report.suppressed().size(), "finding") + " suppressed by the contract"));
        }
        for (SuppressionNotice n : report.notices()) {
            out.println(styler.apply("yellow", "warning: ") + n.kind() + " suppression at " + n.at() + " (rule " + n.rule()
                    + ", where " + n.where() + (n.expires().isEmpty() ? "" : ", expires " + n.expires()) + ")"
                    + (n.kind().equals("expired") ? ": it no longer applies; fix the findings or renew it" : ": it matches no finding; remove it"));
        }
        out.println();
        out.println(summary(report));
        out.flush();
    }

    /** Score and band, the change and its cause, categories, and the rules that cost most: the report at a glance. */
    private void summaryScreen(Report report, PrintWriter out) {
        out.println();
        String delta = report.delta().map(d -> "  (" + ScoreText.change(d) + (d.contractChanged() ? "; contract changed" : "") + ")").orElse("");
        out.println(styler.apply("bold", "Health " + ScoreText.headline(report.score())) + ScoreText.incomplete(report) + delta);
        StringBuilder cats = new StringBuilder();
        report.score().categories().forEach((name, value) -> {
            String d = report.delta().map(x -> x.categories().get(name)).filter(v -> v != 0).map(v -> " " + signed(v)).orElse("");
            cats.append(cats.length() == 0 ? "" : "   ").append(name).append(' ').append(String.format(Locale.ROOT, "%.1f", value)).append(d);
        });
        report.score().notApplicable().forEach(name -> cats.append(cats.length() == 0 ? "" : "   ").append(name).append(" n/a"));
        if (cats.length() > 0) {
            out.println("  " + cats);
        }
        if (!report.score().contributions().isEmpty()) {
            out.println("  points lost: " + ScoreText.contributions(report.score(), 5));
        }
        if (!report.score().checkedNothing().isEmpty()) {
            out.println("  " + ScoreText.checkedNothing(report.score()));
        }
        String unmatched = ScoreText.matchesNothing(report.rules());
        if (!unmatched.isEmpty()) {
            out.println("  " + unmatched);
        }
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.1f", v);
    }

    private String summary(Report report) {
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        report.findings().forEach(f -> bySeverity.merge(f.severity(), 1L, Long::sum));
        String breakdown = bySeverity.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", "));
        String counts = count(report.findings().size(), "finding") + (breakdown.isEmpty() ? "" : " (" + breakdown + ")")
                + " in " + count(report.rules().size(), "rule");
        if (report.passed()) {
            return styler.apply("bold,green", "PASSED") + ": " + counts
                    + (report.findings().isEmpty() ? "" : "; none at or above " + report.failOn().label());
        }
        return styler.apply("bold,red", "FAILED") + ": " + counts + "; " + report.failing() + " at or above " + report.failOn().label();
    }

    private String severity(Severity s) {
        String style = switch (s) {
            case BLOCKER, CRITICAL -> "bold,red";
            case MAJOR -> "red";
            case MINOR -> "yellow";
            case INFO -> "faint";
        };
        return styler.apply(style, s.label());
    }

    private static String commit(GitInfo git) {
        if (!git.present()) {
            return "no git repository";
        }
        String head = git.commit().isEmpty() ? "no commits yet" : "commit " + git.commit().substring(0, Math.min(12, git.commit().length()));
        String where = git.detached() ? "detached HEAD" : git.branch();
        return head + " (" + where + (git.dirty() ? ", uncommitted changes" : "") + ")";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s");
    }
}
