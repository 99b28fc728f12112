package dev.archgov.engine.docs;

import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.RulePages;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.engine.report.ToolVersion;
import dev.archgov.engine.report.io.AtomicFiles;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.RuleKind;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.archgov.engine.report.format.Html.escape;

/**
 * The rule reference as static HTML ({@code archgov docs -o DIR}): an index, one page per rule kind (its explain page —
 * rationale, a bad and a good example, what bytecode cannot see — and its parameters) and one per rule of the given
 * contracts (the bundled packs', a team's), at the places {@link RulePages} names, so that a contract's
 * {@code docsBaseUrl} links each finding's rule to its page. Self-contained (no script, no network), every file
 * written atomically; raw HTML in a kind's Markdown is shown as text, never rendered.
 */
public final class RuleReference {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser MARKDOWN = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true).build();

    private final RuleKinds kinds;
    /** Each rule once, by id, with the contract (or pack) that defines it; the first definition wins. */
    private final Map<String, Defined> rules = new LinkedHashMap<>();

    private record Defined(RuleSpec rule, String source) {
    }

    public RuleReference(RuleKinds kinds, List<Contract> contracts) {
        this.kinds = kinds;
        for (Contract c : contracts) {
            for (RuleSpec r : c.rules()) {
                rules.putIfAbsent(r.id(), new Defined(r, c.name()));
            }
        }
    }

    /** Writes the index and every page below {@code dir}; returns how many pages were written. */
    public int write(Path dir) throws IOException {
        List<RuleKind> sorted = kinds.all().stream().sorted(Comparator.comparing(RuleKind::name)).toList();
        int pages = 0;
        for (RuleKind k : sorted) {
            AtomicFiles.write(dir.resolve(RulePages.kindPage(k.name())), w -> kindPage(new PrintWriter(w), k));
            pages++;
        }
        for (Defined d : rules.values()) {
            RuleKind k = kinds.find(d.rule().kind()).orElseThrow(() -> new IllegalStateException("no kind " + d.rule().kind()));
            AtomicFiles.write(dir.resolve(RulePages.rulePage(d.rule().id())), w -> rulePage(new PrintWriter(w), d, k));
            pages++;
        }
        AtomicFiles.write(dir.resolve(RulePages.INDEX), w -> index(new PrintWriter(w), sorted));
        return pages + 1;
    }

    private void index(PrintWriter out, List<RuleKind> sorted) {
        head(out, "archgov rule reference");
        out.printf("<h1>archgov rule reference</h1>%n<p class=\"meta\">archgov %s · %d rules · %d rule kinds</p>%n",
                escape(ToolVersion.get()), rules.size(), sorted.size());
        out.println("<h2>Rules</h2>");
        out.println("<table><thead><tr><th>rule</th><th>what it requires</th><th>kind</th><th>severity</th><th>category</th><th>from</th></tr></thead><tbody>");
        for (Defined d : rules.values()) {
            RuleSpec r = d.rule();
            out.printf("<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                    escape(RulePages.rulePage(r.id())), escape(r.id()), escape(r.message()), escape(RulePages.kindPage(r.kind())), escape(r.kind()),
                    escape(r.severity().label()), escape(r.category()), escape(d.source()));
        }
        out.println("</tbody></table>");
        out.println("<h2>Rule kinds</h2>");
        out.println("<table><thead><tr><th>kind</th><th>title</th><th>category</th><th>default severity</th></tr></thead><tbody>");
        for (RuleKind k : sorted) {
            out.printf("<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>%n", escape(RulePages.kindPage(k.name())),
                    escape(k.name()), escape(k.meta().title()), escape(k.meta().category()), escape(k.meta().defaultSeverity().label()));
        }
        out.println("</tbody></table>");
        tail(out);
    }

    private void kindPage(PrintWriter out, RuleKind k) {
        head(out, k.meta().title() + " (" + k.name() + ")");
        out.printf("<p class=\"nav\"><a href=\"../%s\">rule reference</a></p>%n", RulePages.INDEX);
        out.printf("<h1>%s</h1>%n<p class=\"meta\">kind <code>%s</code> · category %s · default severity %s</p>%n", escape(k.meta().title()),
                escape(k.name()), escape(k.meta().category()), escape(k.meta().defaultSeverity().label()));
        body(out, k);
        List<Defined> ofKind = rules.values().stream().filter(d -> d.rule().kind().equals(k.name())).toList();
        if (!ofKind.isEmpty()) {
            out.println("<h2>Rules of this kind</h2><ul>");
            ofKind.forEach(d -> out.printf("<li><a href=\"../%s\">%s</a> — %s</li>%n", escape(RulePages.rulePage(d.rule().id())),
                    escape(d.rule().id()), escape(d.rule().message())));
            out.println("</ul>");
        }
        tail(out);
    }

    private void rulePage(PrintWriter out, Defined d, RuleKind k) {
        RuleSpec r = d.rule();
        head(out, r.id() + " — " + r.message());
        out.printf("<p class=\"nav\"><a href=\"../%s\">rule reference</a></p>%n", RulePages.INDEX);
        out.printf("<h1>%s</h1>%n<p class=\"lead\">%s</p>%n", escape(r.id()), escape(r.message()));
        out.printf("<p class=\"meta\">kind <a href=\"../%s\"><code>%s</code></a> · severity %s · category %s · from %s%s</p>%n",
                escape(RulePages.kindPage(k.name())), escape(k.name()), escape(r.severity().label()), escape(r.category()), escape(d.source()),
                r.enabled() ? "" : " · disabled");
        Map<String, Object> params = r.params().asMap();
        if (!params.isEmpty()) {
            out.println("<h2>Configuration</h2><table><tbody>");
            params.forEach((name, value) -> out.printf("<tr><th>%s</th><td><code>%s</code></td></tr>%n", escape(name), escape(String.valueOf(value))));
            out.println("</tbody></table>");
        }
        body(out, k);
        tail(out);
    }

    /** The kind's explain page (Markdown, its first heading left out: the page has its own) and its parameters. */
    private static void body(PrintWriter out, RuleKind k) {
        String md = k.meta().docs().strip();
        if (md.startsWith("# ")) {
            int end = md.indexOf('\n');
            md = end < 0 ? "" : md.substring(end + 1);
        }
        out.println(HTML.render(MARKDOWN.parse(md)));
        List<ParamSpec> params = k.params();
        if (!params.isEmpty()) {
            out.println("<h2>Parameters</h2><table><thead><tr><th>name</th><th>type</th><th>meaning</th></tr></thead><tbody>");
            for (ParamSpec p : params) {
                out.printf("<tr><td><code>%s</code>%s</td><td>%s</td><td>%s%s</td></tr>%n", escape(p.name()), p.required() ? " (required)" : "",
                        escape(p.type().name().toLowerCase(Locale.ROOT).replace('_', '-')), escape(p.description()),
                        p.allowed().isEmpty() ? "" : " (" + escape(String.join(", ", p.allowed())) + ")");
            }
            out.println("</tbody></table>");
        }
    }

    private static void head(PrintWriter out, String title) {
        out.println("<!DOCTYPE html>");
        out.printf("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>%s</title><style>%s</style></head><body>%n", escape(title), CSS);
    }

    private static void tail(PrintWriter out) {
        out.println("</body></html>");
        out.flush();
    }

    /** The ids of the rules with a page, in order. */
    public List<String> ruleIds() {
        return new ArrayList<>(rules.keySet());
    }

    private static final String CSS = "body{font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1b1f24;margin:24px auto;"
            + "max-width:960px;padding:0 16px}h1{font-size:1.6em;margin-bottom:.2em}.meta,.nav{color:#57606a}.lead{font-size:1.1em}"
            + "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;"
            + "text-align:left;vertical-align:top}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}"
            + "pre{background:#f6f8fa;padding:10px;overflow-x:auto;border-radius:6px}a{color:#0969da}"
            + "@media (max-width:600px){table{display:block;overflow-x:auto}}";
}
