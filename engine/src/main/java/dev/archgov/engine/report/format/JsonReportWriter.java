package dev.archgov.engine.report.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.report.SuppressedFinding;
import dev.archgov.engine.report.SuppressionNotice;
import dev.archgov.engine.score.Band;
import dev.archgov.engine.score.HealthScore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON report, format {@value Report#SCHEMA_VERSION}; its JSON Schema is
 * {@code archgov/schema/report.schema.json}. Field names are part of the contract with users: add fields, never
 * rename or remove them without a new major schema version.
 */
public final class JsonReportWriter implements ReportWriter {
    /** Pretty-printed JSON that leaves the writer open (the caller owns it): every JSON report format writes with it. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public String format() {
        return "json";
    }

    @Override
    public String fileName() {
        return "archgov-report.json";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        MAPPER.writeValue(out, toJson(report));
        out.write(System.lineSeparator());
        out.flush();
    }

    public static String toJsonText(Report r) {
        try {
            return MAPPER.writeValueAsString(toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toJson(Report r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", r.schemaVersion()).put("scoreVersion", r.score().version());
        root.putObject("tool").put("name", "archgov").put("version", r.tool());
        ObjectNode contract = root.putObject("contract").put("name", r.contract().name()).put("file", r.contract().file()).put("hash", r.contract().hash());
        if (!r.contract().links().isEmpty()) {
            ObjectNode links = contract.putObject("links");
            if (r.contract().links().fileUrl() != null) {
                links.put("fileUrl", r.contract().links().fileUrl());
            }
            if (r.contract().links().commitUrl() != null) {
                links.put("commitUrl", r.contract().links().commitUrl());
            }
        }
        ObjectNode git = root.putObject("git").put("present", r.git().present());
        if (r.git().present()) {
            GitInfo g = r.git();
            git.put("repository", g.repository()).put("commit", g.commit()).put("branch", g.branch()).put("detached", g.detached())
                    .put("author", g.author()).put("commitTime", g.commitTime()).put("dirty", g.dirty());
            g.parents().forEach(git.putArray("parents")::add);
            g.dirtyFiles().forEach(git.putArray("dirtyFiles")::add);
        }
        ObjectNode target = root.putObject("target").put("classes", r.target().classes()).put("packages", r.target().packages());
        r.target().unreadable().forEach(target.putArray("unreadable")::add);
        r.target().duplicates().forEach(target.putArray("duplicates")::add);
        ObjectNode summary = root.putObject("summary");
        summary.put("passed", r.passed()).put("incomplete", r.target().incomplete()).put("failOn", r.failOn().label())
                .put("findings", r.findings().size()).put("failing", r.failing()).put("suppressed", r.suppressed().size())
                .put("baselined", r.baselined().size());
        ObjectNode bySeverity = summary.putObject("bySeverity");
        for (var s : Severity.values()) {
            bySeverity.put(s.label(), r.findings().stream().filter(f -> f.severity() == s).count());
        }
        score(root.putObject("score"), r.score());
        r.delta().ifPresent(d -> {
            ObjectNode delta = root.putObject("delta").put("againstCommit", d.againstCommit()).put("previousScore", d.previousScore())
                    .put("overall", d.overall()).put("contractChanged", d.contractChanged());
            ObjectNode dc = delta.putObject("categories");
            d.categories().forEach(dc::put);
            d.cause().ifPresent(c -> delta.putObject("cause").put("newFindings", c.newFindings()).put("newCount", c.newCount())
                    .put("fixedFindings", c.fixedFindings()).put("fixedCount", c.fixedCount()).put("contract", c.contract())
                    .put("codeSize", c.codeSize()));
        });
        ArrayNode rules = root.putArray("rules");
        Map<String, Double> lost = new HashMap<>();
        r.score().rules().forEach(x -> lost.put(x.id(), x.pointsLost()));
        List<String> idle = r.score().checkedNothing();
        for (RuleResult rule : r.rules()) {
            ObjectNode node = rules.addObject();
            node.put("id", rule.id()).put("kind", rule.kind()).put("category", rule.category())
                    .put("severity", rule.severity().label()).put("message", rule.message()).put("docs", rule.docs())
                    .put("findings", rule.findings()).put("suppressed", rule.suppressed()).put("millis", rule.millis())
                    .put("checked", rule.checked()).put("violating", rule.violating()).put("compliance", rule.compliance())
                    .put("pointsLost", lost.getOrDefault(rule.id(), 0.0)).put("applicable", !idle.contains(rule.id()));
            ArrayNode unmatched = node.putArray("unmatched"); // code-glob params that match no analysed type or method
            rule.unmatched().forEach(unmatched::add);
        }
        ArrayNode findings = root.putArray("findings");
        r.findings().forEach(f -> finding(findings.addObject(), f));
        ArrayNode suppressed = root.putArray("suppressed");
        for (SuppressedFinding s : r.suppressed()) {
            finding(suppressed.addObject(), s.finding()).put("reason", s.reason()).put("suppressedAt", s.suppressedAt());
        }
        ArrayNode notices = root.putArray("suppressionNotices");
        for (SuppressionNotice n : r.notices()) {
            notices.addObject().put("kind", n.kind()).put("rule", n.rule()).put("where", n.where())
                    .put("reason", n.reason()).put("expires", n.expires()).put("at", n.at());
        }
        ArrayNode baselined = root.putArray("baselined");
        r.baselined().forEach(f -> finding(baselined.addObject(), f));
        ArrayNode stale = root.putArray("staleBaseline");
        for (BaselineEntry e : r.staleBaseline()) {
            stale.addObject().put("fingerprint", e.fingerprint()).put("ruleId", e.ruleId()).put("element", e.element())
                    .put("target", e.target()).put("path", e.path()).put("line", e.line());
        }
        root.putObject("timings").put("loadMillis", r.timings().loadMillis()).put("importMillis", r.timings().importMillis())
                .put("evaluateMillis", r.timings().evaluateMillis()).put("totalMillis", r.timings().totalMillis())
                .put("cache", r.timings().cache()).put("mode", r.timings().mode());
        return root;
    }

    /** Score v2: overall (null when nothing is applicable), band, categories, n/a categories, the weights used. */
    private static void score(ObjectNode score, HealthScore h) {
        if (h.applicable()) {
            score.put("overall", h.overall());
        } else {
            score.putNull("overall");
        }
        score.put("band", h.band().label());
        ObjectNode categories = score.putObject("categories");
        h.categories().forEach(categories::put);
        ObjectNode bands = score.putObject("categoryBands");
        h.categories().forEach((name, value) -> bands.put(name, Band.of(value).label()));
        h.notApplicable().forEach(score.putArray("notApplicable")::add);
        ObjectNode weights = score.putObject("weights");
        ObjectNode severities = weights.putObject("severity");
        for (Severity s : Severity.values()) {
            severities.put(s.label(), h.weights().weight(s));
        }
        ObjectNode cats = weights.putObject("category");
        new TreeMap<>(h.weights().categoryWeights()).forEach(cats::put);
    }

    private static ObjectNode finding(ObjectNode o, Finding f) {
        o.put("ruleId", f.ruleId()).put("severity", f.severity().label()).put("category", f.category())
                .put("message", f.message()).put("detail", f.detail()).put("class", f.className())
                .put("element", f.element()).put("target", f.target()).put("path", f.path()).put("line", f.line());
        if (f.column() > 0) { // findings in configuration files; a class finding has lines only
            o.put("column", f.column());
        }
        return o.put("fingerprint", f.fingerprint());
    }
}
