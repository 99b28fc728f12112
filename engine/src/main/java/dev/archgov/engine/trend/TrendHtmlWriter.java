package dev.archgov.engine.trend;

import dev.archgov.engine.report.format.Html;
import dev.archgov.engine.workspace.BuildLogs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One self-contained HTML page: inline CSS and inline SVG, no script, no font, no CDN, so it opens offline and from
 * a CI artifact. The score chart has one {@code <g class="series" data-series="NAME">} per line (overall, then each
 * category) with one {@code <circle class="point">} per analysed commit; failed builds are gaps in the lines and
 * marked bands on the x axis.
 */
public final class TrendHtmlWriter implements TrendWriter {
    static final int WIDTH = 960;
    static final int HEIGHT = 340;
    private static final int LEFT = 48;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 84;
    private static final int MAX_LABELS = 30;
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f", "#bcbd22"};

    @Override
    public String format() {
        return "html";
    }

    @Override
    public String fileName() {
        return "archgov-trend.html";
    }

    @Override
    public void write(Trend t, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        String title = "archgov audit · " + t.contract() + (t.branch().isEmpty() ? "" : " · " + t.branch());
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>" + esc(title) + "</title>");
        out.println("<style>" + CSS + "</style></head><body>");
        out.println("<header><h1>" + esc(title) + "</h1>");
        out.println("<p class=\"meta\">" + esc(t.repository()) + " · generated " + esc(t.generatedAt()) + " by archgov " + esc(t.tool()) + "</p>");
        out.println("<p class=\"summary\">" + esc(TrendText.summary(t)) + "</p></header>");

        out.println("<section id=\"chart\"><h2>Health score</h2>");
        chart(t, out);
        out.println("</section>");

        regressions(t, out);
        rules(t, out);
        failures(t, out);
        commits(t, out);
        out.println("</body></html>");
        out.flush();
    }

    private static void chart(Trend t, PrintWriter out) {
        List<Trend.Point> points = t.points();
        int n = points.size();
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double min = 100;
        for (Trend.Point p : t.analysed()) {
            min = Math.min(min, p.score());
            for (double v : p.categories().values()) {
                min = Math.min(min, v);
            }
        }
        double lo = Math.max(0, Math.floor((min - 5) / 10) * 10);
        double hi = 100;
        Function<Integer, Double> x = i -> LEFT + (n <= 1 ? plotW / 2 : i * plotW / (n - 1));
        Function<Double, Double> y = v -> TOP + (hi - v) / (hi - lo) * plotH;
        out.printf(Locale.ROOT, "<svg id=\"score-chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                + "aria-label=\"Health score per commit, oldest left\">%n", WIDTH, HEIGHT);
        out.println("<g class=\"grid\">");
        for (double v = lo; v <= hi + 0.001; v += (hi - lo) <= 40 ? 5 : 10) {
            out.printf(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%d\" y=\"%.1f\">%.0f</text>%n",
                    LEFT, WIDTH - RIGHT, y.apply(v), y.apply(v), LEFT - 6, y.apply(v) + 4, v);
        }
        out.println("</g>");
        out.println("<g class=\"failed-builds\">");
        double band = n <= 1 ? 16 : Math.max(6, plotW / (n - 1) / 2);
        for (int i = 0; i < n; i++) {
            Trend.Point p = points.get(i);
            if (!p.analysed()) {
                out.printf(Locale.ROOT, "<rect class=\"gap\" data-commit=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\"><title>%s: %s</title></rect>%n",
                        esc(p.commit()), x.apply(i) - band / 2, TOP, band, plotH, esc(p.shortId() + " " + p.subject()), esc(TrendText.status(p)));
            }
        }
        out.println("</g>");
        List<String> series = new ArrayList<>();
        series.add("overall");
        series.addAll(t.categories());
        for (int s = 0; s < series.size(); s++) {
            String name = series.get(s);
            StringBuilder path = new StringBuilder();
            StringBuilder circles = new StringBuilder();
            boolean pen = false;
            int count = 0;
            for (int i = 0; i < n; i++) {
                Trend.Point p = points.get(i);
                Double v = !p.analysed() ? null : "overall".equals(name) ? p.score() : p.categories().get(name);
                if (v == null) {
                    pen = false; // a failed build (or a category the commit lacked): a gap, never a zero
                    continue;
                }
                path.append(pen ? " L" : (path.length() == 0 ? "M" : " M")).append(String.format(Locale.ROOT, "%.1f %.1f", x.apply(i), y.apply(v)));
                pen = true;
                count++;
                circles.append(String.format(Locale.ROOT, "<a href=\"#c-%s\"><circle class=\"point\" data-commit=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\">"
                                + "<title>%s %s: %.1f</title></circle></a>",
                        esc(p.shortId()), esc(p.commit()), x.apply(i), y.apply(v), s == 0 ? "4" : "3", esc(p.shortId()), esc(name), v));
            }
            String colour = PALETTE[s % PALETTE.length];
            out.printf(Locale.ROOT, "<g class=\"series\" data-series=\"%s\" data-points=\"%d\" stroke=\"%s\" fill=\"%s\"%s>"
                            + "<path fill=\"none\" d=\"%s\"/>%s</g>%n", esc(name), count, colour, colour,
                    s == 0 ? " stroke-width=\"3\"" : " stroke-width=\"1.5\" opacity=\"0.8\"", path, circles);
        }
        out.println("<g class=\"x-axis\">");
        int every = Math.max(1, (int) Math.ceil(n / (double) MAX_LABELS));
        for (int i = 0; i < n; i++) {
            if (i % every == 0 || i == n - 1) {
                double xi = x.apply(i);
                out.printf(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" transform=\"rotate(-45 %.1f %d)\"%s>%s</text>%n", xi, HEIGHT - BOTTOM + 14,
                        xi, HEIGHT - BOTTOM + 14, points.get(i).analysed() ? "" : " class=\"failed\"", esc(points.get(i).shortId().substring(0, Math.min(7, points.get(i).shortId().length()))));
            }
        }
        out.println("</g></svg>");
        out.println("<ul class=\"legend\">");
        for (int s = 0; s < series.size(); s++) {
            out.printf("<li><span class=\"swatch\" style=\"background:%s\"></span>%s</li>%n", PALETTE[s % PALETTE.length], esc(series.get(s)));
        }
        if (!t.failures().isEmpty()) {
            out.println("<li><span class=\"swatch gap\"></span>no report (build failed)</li>");
        }
        out.println("</ul>");
    }

    private static void regressions(Trend t, PrintWriter out) {
        out.println("<section id=\"regressions\"><h2>Largest regressions</h2>");
        if (t.regressions().isEmpty()) {
            out.println("<p>None: no commit lowered the score or added a finding.</p></section>");
            return;
        }
        out.println("<div class=\"scroll\"><table><thead><tr><th>Commit</th><th>Score</th><th>Findings that first appear here</th></tr></thead><tbody>");
        for (Trend.Regression g : t.regressions()) {
            out.printf(Locale.ROOT, "<tr data-commit=\"%s\"><td><a href=\"#c-%s\"><code>%s</code></a> %s<br><span class=\"meta\">%s</span>%s</td>"
                            + "<td class=\"num\">%.1f → %.1f <span class=\"bad\">%s</span></td><td>", esc(g.commit()), esc(g.shortId()), esc(g.shortId()),
                    esc(g.subject()), esc(g.time()),
                    g.unbuiltBefore().isEmpty() ? "" : "<br><span class=\"meta\">or one of " + g.unbuiltBefore().size()
                            + " unbuilt commit(s) before it</span>", g.scoreBefore(), g.scoreAfter(), esc(TrendText.signed(-g.drop())));
            out.print(g.introduced().isEmpty() ? "–" : findingList(g.introduced()));
            out.println("</td></tr>");
        }
        out.println("</tbody></table></div></section>");
    }

    private static void rules(Trend t, PrintWriter out) {
        out.println("<section id=\"rules\"><h2>Rules with the most findings</h2>");
        if (t.rules().isEmpty()) {
            out.println("<p>No rule has findings.</p></section>");
            return;
        }
        out.println("<div class=\"scroll\"><table><thead><tr><th>Rule</th><th>Category</th><th>Now</th><th class=\"opt\">First audited</th>"
                + "<th class=\"opt\">Peak</th><th>Trend</th><th class=\"opt\">Over time</th></tr></thead><tbody>");
        for (Trend.RuleTrend r : t.rules()) {
            String id = r.docs() == null ? "<code>" + esc(r.ruleId()) + "</code>"
                    : "<a href=\"" + esc(r.docs()) + "\"><code>" + esc(r.ruleId()) + "</code></a>";
            out.printf("<tr data-rule=\"%s\"><td>%s</td><td>%s</td><td class=\"num\">%d</td><td class=\"num opt\">%d</td><td class=\"num opt\">%d</td>"
                            + "<td class=\"%s\">%s %s</td><td class=\"opt\">%s</td></tr>%n",
                    esc(r.ruleId()), id, esc(r.category()), r.now(), r.first(), r.peak(), esc(r.direction()), TrendText.arrow(r.direction()),
                    esc(r.direction()), sparkline(r.series()));
            if (!r.findings().isEmpty()) {
                out.printf("<tr class=\"drill\" data-rule=\"%s\"><td colspan=\"7\"><details><summary>%d finding%s of %s at the newest commit</summary>%s"
                                + "</details></td></tr>%n", esc(r.ruleId()), r.now(), r.now() == 1 ? "" : "s", esc(r.ruleId()),
                        findingList(r.findings()) + (r.now() > r.findings().size() ? "<p class=\"meta\">the first " + r.findings().size() + " shown</p>" : ""));
            }
        }
        out.println("</tbody></table></div></section>");
    }

    private static String sparkline(List<Integer> series) {
        int w = 120;
        int h = 24;
        int max = Math.max(1, series.stream().filter(Objects::nonNull).mapToInt(Integer::intValue).max().orElse(1));
        int n = series.size();
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < n; i++) {
            Integer v = series.get(i);
            if (v == null) {
                pen = false;
                continue;
            }
            double xi = n <= 1 ? w / 2.0 : 2 + i * (w - 4.0) / (n - 1);
            double yi = h - 2 - v * (h - 4.0) / max;
            path.append(pen ? " L" : path.length() == 0 ? "M" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", xi, yi));
            pen = true;
        }
        return String.format("<svg class=\"spark\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">"
                + "<path d=\"%s\"/></svg>", w, h, w, h, path);
    }

    private static void failures(Trend t, PrintWriter out) {
        out.println("<section id=\"failed-builds\"><h2>Failed builds</h2>");
        if (t.failures().isEmpty()) {
            out.println("<p>Every audited commit built.</p></section>");
            return;
        }
        out.println("<div class=\"scroll\"><table><thead><tr><th>Commit</th><th>Outcome</th><th>Cause</th></tr></thead><tbody>");
        for (Trend.Failure f : t.failures()) {
            out.printf("<tr data-commit=\"%s\"><td><a href=\"#c-%s\"><code>%s</code></a> %s<br><span class=\"meta\">%s</span></td><td>%s<br><code>%s</code></td>"
                            + "<td><pre class=\"cause\">%s</pre><details><summary>build log, last lines</summary><pre>%s</pre></details></td></tr>%n",
                    esc(f.commit()), esc(f.shortId()), esc(f.shortId()), esc(f.subject()), esc(f.time()), esc(TrendText.outcome(f)),
                    esc(f.command()), esc(f.cause()), esc(BuildLogs.plainLines(f.logTail())));
        }
        out.println("</tbody></table></div></section>");
    }

    private static void commits(Trend t, PrintWriter out) {
        out.println("<section id=\"commits\"><h2>Commits</h2><div class=\"scroll\"><table><thead><tr><th>Commit</th><th class=\"opt\">Author</th>"
                + "<th class=\"opt\">Time</th><th>Score</th>");
        t.categories().forEach(c -> out.print("<th class=\"opt\">" + esc(c) + "</th>"));
        out.println("<th>Findings</th><th>New</th><th>Fixed</th></tr></thead><tbody>");
        int columns = t.categories().size() + 7;
        for (Trend.Point p : t.points()) {
            String commit = p.url() == null ? "<code>" + esc(p.shortId()) + "</code>"
                    : "<a href=\"" + esc(p.url()) + "\"><code>" + esc(p.shortId()) + "</code></a>";
            out.printf("<tr id=\"c-%s\" data-commit=\"%s\" class=\"%s\"><td>%s %s</td><td class=\"opt\" title=\"%s\">%s</td><td class=\"opt\">%s</td>",
                    esc(p.shortId()), esc(p.commit()), esc(p.status()), commit, esc(p.subject()), esc(p.author()), esc(name(p.author())), esc(p.time()));
            if (!p.analysed()) {
                out.printf("<td colspan=\"%d\">%s</td></tr>%n", columns - 3, esc(TrendText.status(p)));
                continue;
            }
            out.printf(Locale.ROOT, "<td class=\"num\">%.1f</td>", p.score());
            t.categories().forEach(c -> out.print(p.categories().containsKey(c)
                    ? String.format(Locale.ROOT, "<td class=\"num opt\">%.1f</td>", p.categories().get(c)) : "<td class=\"opt\"></td>"));
            out.printf("<td class=\"num\">%d</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>%n", p.findings(),
                    p.introduced() == null ? "" : p.introduced(), p.fixed() == null ? "" : p.fixed());
            if (!p.newFindings().isEmpty() || !p.fixedFindings().isEmpty()) {
                out.printf("<tr class=\"drill\" data-commit=\"%s\"><td colspan=\"%d\"><details><summary>%s</summary>%s%s</details></td></tr>%n",
                        esc(p.commit()), columns, esc(drillSummary(p)),
                        p.newFindings().isEmpty() ? "" : "<p class=\"new\">New here</p>" + findingList(p.newFindings()),
                        p.fixedFindings().isEmpty() ? "" : "<p class=\"fixed\">Fixed here</p>" + findingList(p.fixedFindings()));
            }
        }
        out.println("</tbody></table></div></section>");
    }

    private static String drillSummary(Trend.Point p) {
        List<String> parts = new ArrayList<>();
        if (p.introduced() != null && p.introduced() > 0) {
            parts.add(p.introduced() + " new");
        }
        if (p.fixed() != null && p.fixed() > 0) {
            parts.add(p.fixed() + " fixed");
        }
        return String.join(", ", parts) + " at " + p.shortId() + (p.author().isEmpty() ? "" : " by " + name(p.author()));
    }

    /** An author's name without the address ({@code Dana Dev <dana@example.com>} is Dana Dev). */
    private static String name(String author) {
        int lt = author.indexOf(" <");
        return lt > 0 ? author.substring(0, lt) : author;
    }

    /** Findings as a list: rule, severity, the file (a link to it at the commit when known) and the element. */
    private static String findingList(List<Trend.NewFinding> findings) {
        StringBuilder b = new StringBuilder("<ul class=\"findings\">");
        for (Trend.NewFinding f : findings) {
            String where = f.location().isEmpty() ? "" : f.url() == null ? esc(f.location())
                    : "<a href=\"" + esc(f.url()) + "\">" + esc(f.location()) + "</a>";
            b.append("<li><code>").append(esc(f.ruleId())).append("</code> <span class=\"sev\">").append(esc(f.severity())).append("</span> ")
                    .append(where).append(where.isEmpty() ? "" : " · ").append(esc(f.element())).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    static String esc(String s) {
        return Html.escape(s);
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:24px auto;max-width:1000px;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            .meta{color:#57606a;font-size:12px}.summary{font-size:15px}
            svg#score-chart{width:100%;height:auto;background:#fff;border:1px solid #d0d7de;border-radius:6px}
            .grid line{stroke:#eaeef2}.grid text,.x-axis text{font-size:11px;fill:#57606a;stroke:none}.grid text{text-anchor:end}
            .x-axis text{text-anchor:end;font-family:ui-monospace,monospace}.x-axis text.failed{fill:#cf222e}
            .gap{fill:#ffebe9;stroke:#cf222e;stroke-dasharray:3 3}.series path{stroke-linejoin:round}.series circle{stroke:#fff;stroke-width:1}
            .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:14px;font-size:13px}
            .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
            .swatch.gap{background:#ffebe9;border:1px dashed #cf222e}
            table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eaeef2;padding:5px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}td ul{margin:0;padding-left:16px}
            .bad,.worse{color:#cf222e}.better{color:#1a7f37}.steady{color:#57606a}.sev{color:#57606a;font-size:12px}
            tr.failed td,tr.timeout td{background:#fff8f7}pre{white-space:pre-wrap;font-size:12px;background:#f6f8fa;padding:8px;border-radius:4px}
            .spark path{fill:none;stroke:#57606a;stroke-width:1.5}code{font-family:ui-monospace,monospace;font-size:12px}
            a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}.scroll{overflow-x:auto}
            tr.drill td{background:#fbfcfd;border-top:0}details summary{cursor:pointer;color:#57606a}ul.findings{margin:4px 0 6px}
            ul.findings li{overflow-wrap:anywhere}p.new,p.fixed{margin:6px 0 0;font-weight:600}p.new{color:#cf222e}p.fixed{color:#1a7f37}
            pre.cause{background:#fff8f7;border-left:3px solid #cf222e;margin:0 0 6px}tr:target td{background:#fff8c5}
            @media (max-width:640px){body{margin:12px auto;padding:0 8px;font-size:13px}h1{font-size:18px}.opt{display:none}
            .x-axis text{font-size:24px}.grid text{font-size:22px}.legend{font-size:12px;gap:8px}td,th{padding:4px 5px}}
            @media print{body{max-width:none;margin:0;font-size:11px}.scroll{overflow:visible}a{color:inherit}
            tr,li,section>p{break-inside:avoid}h2{break-after:avoid}details summary{color:#1b1f24}svg#score-chart{border:0}}
            """;
}
