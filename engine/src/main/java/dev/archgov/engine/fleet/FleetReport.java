package dev.archgov.engine.fleet;

import dev.archgov.engine.history.HistoryEntry;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.JdbcHistoryStore;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.ToolVersion;
import dev.archgov.engine.report.format.Html;
import dev.archgov.engine.report.format.RepositoryLinks;
import dev.archgov.engine.report.io.AtomicFiles;
import dev.archgov.engine.trend.Trend;
import dev.archgov.engine.trend.TrendHtmlWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One view of the organisation from the history: each repository's HTML trend ({@code DIR/<name>/archgov-trend.html},
 * as {@code archgov audit} writes it) and an index ranking the repositories by their latest score, with their band,
 * last change and worst recent drop ({@code DIR/index.html}; self-contained, no script).
 */
public final class FleetReport {
    private FleetReport() {
    }

    /** One repository on the index. */
    public record Row(String repository, String page, double score, String band, Double lastChange, double worstDrop, int findings,
                      String commit, String commitTime, int records) {
    }

    /** Writes the pages for the newest {@code perRepository} records of each repository; returns the index rows, worst first. */
    public static List<Row> write(HistoryLocation history, Path dir, int perRepository) throws IOException {
        List<Row> rows = new ArrayList<>();
        String now = Instant.now().toString();
        try (HistoryStore store = history.openForReading()) {
            Set<String> pages = new HashSet<>();
            for (String repository : ((JdbcHistoryStore) store).repositories()) {
                List<HistoryEntry> newest = store.list(repository, new HistoryStore.Query(Optional.empty(), Optional.empty(), perRepository));
                if (newest.isEmpty()) {
                    continue;
                }
                String contractHash = newest.get(0).contractHash(); // one trend per contract: the latest one's
                List<HistoryEntry> entries = new ArrayList<>(newest.stream().filter(e -> e.contractHash().equals(contractHash)).toList());
                entries.sort(Comparator.comparing(HistoryEntry::commitTime));
                List<Trend.Input> inputs = new ArrayList<>();
                Report latest = null;
                for (HistoryEntry e : entries) {
                    Report report = store.exact(repository, e.commit(), e.contractHash()).orElseThrow().report();
                    inputs.add(new Trend.Input(e.commit(), e.commitTime(), "", report.git().author(), Optional.of(report), Optional.empty()));
                    latest = report;
                }
                Trend trend = Trend.of(latest.contract().name(), repository, entries.get(entries.size() - 1).branch(), now, ToolVersion.get(), inputs,
                        RepositoryLinks.of(repository, latest.contract().links()));
                String page = pageName(repository, pages) + "/archgov-trend.html";
                AtomicFiles.write(dir.resolve(page), w -> new TrendHtmlWriter().write(trend, w));
                HistoryEntry last = entries.get(entries.size() - 1);
                double worst = entries.stream().map(HistoryEntry::delta).filter(d -> d != null).mapToDouble(Double::doubleValue).min().orElse(0);
                rows.add(new Row(repository, page, last.score(), last.band(), last.delta(), Math.min(0, worst), last.findings(), last.commit(),
                        last.commitTime(), entries.size()));
            }
        }
        rows.sort(Comparator.comparingDouble(Row::score).thenComparing(Row::repository));
        AtomicFiles.write(dir.resolve("index.html"), w -> w.write(index(rows, now)));
        return rows;
    }

    /** A directory name for the repository's page: the last part of its URL or path, made unique. */
    static String pageName(String repository, Set<String> taken) {
        String base = repository.replaceAll("[/\\\\]+$", "").replaceAll(".*[/\\\\:]", "").replaceAll("\\.git$", "")
                .replaceAll("[^A-Za-z0-9._-]", "-");
        base = base.isEmpty() || base.startsWith(".") ? "repository" : base;
        String name = base;
        for (int i = 2; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static String index(List<Row> rows, String generatedAt) {
        StringBuilder h = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>archgov fleet</title><style>"
                + "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;width:100%}"
                + "th,td{padding:.4rem .6rem;border-bottom:1px solid #d0d7de;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
                + ".A{background:#d1f0d6}.B{background:#e4f4d0}.C{background:#fff3c4}.D{background:#ffe0c2}.E{background:#ffd2d2}"
                + "@media (max-width:600px){body{margin:.8rem}td,th{padding:.3rem}}</style></head><body>\n<h1>Architecture health of the fleet</h1>\n<p>")
                .append(rows.size()).append(rows.size() == 1 ? " repository" : " repositories").append(", worst first; generated ")
                .append(Html.escape(generatedAt)).append(" by archgov ").append(Html.escape(ToolVersion.get())).append(".</p>\n<table>\n<thead><tr>"
                + "<th>repository</th><th>score</th><th>band</th><th>last change</th><th>worst recent drop</th><th>findings</th>"
                + "<th>last recorded commit</th><th>records</th></tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            h.append("<tr><td><a href=\"").append(Html.escape(r.page())).append("\">").append(Html.escape(r.repository())).append("</a></td>")
                    .append("<td class=\"n\">").append(String.format(Locale.ROOT, "%.1f", r.score())).append("</td>")
                    .append("<td class=\"").append(Html.escape(r.band())).append("\">").append(Html.escape(r.band())).append("</td>")
                    .append("<td class=\"n\">").append(r.lastChange() == null ? "–" : String.format(Locale.ROOT, "%+.1f", r.lastChange())).append("</td>")
                    .append("<td class=\"n\">").append(r.worstDrop() == 0 ? "–" : String.format(Locale.ROOT, "%+.1f", r.worstDrop())).append("</td>")
                    .append("<td class=\"n\">").append(r.findings()).append("</td>")
                    .append("<td>").append(Html.escape(r.commit().substring(0, Math.min(12, r.commit().length())))).append(" · ")
                    .append(Html.escape(r.commitTime())).append("</td><td class=\"n\">").append(r.records()).append("</td></tr>\n");
        }
        return h.append("</tbody>\n</table>\n</body></html>\n").toString();
    }
}
