package dev.archgov.engine.report.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.contract.LinkTemplates;
import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Delta;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.report.SuppressedFinding;
import dev.archgov.engine.report.SuppressionNotice;
import dev.archgov.engine.score.HealthScore;
import dev.archgov.engine.score.RuleScoreInput;
import dev.archgov.engine.score.ScoreChange;
import dev.archgov.engine.score.ScoreModel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads a JSON report (schema 1.x) back into a {@link Report}, so that a stored report renders in any format. */
public final class JsonReportReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReportReader() {
    }

    public static Report read(String json) throws IOException {
        JsonNode r = MAPPER.readTree(json);
        if (!r.path("schemaVersion").asText().startsWith("1.")) {
            throw new IOException("unsupported report schema version '" + r.path("schemaVersion").asText() + "'");
        }
        JsonNode g = r.path("git");
        GitInfo git = g.path("present").asBoolean()
                ? new GitInfo(true, "", g.path("repository").asText(), g.path("commit").asText(), strings(g.path("parents")),
                g.path("branch").asText(), g.path("detached").asBoolean(), g.path("author").asText(), g.path("commitTime").asText(),
                g.path("dirty").asBoolean(), strings(g.path("dirtyFiles")))
                : GitInfo.none();
        List<RuleResult> rules = new ArrayList<>();
        List<RuleScoreInput> inputs = new ArrayList<>();
        for (JsonNode n : r.path("rules")) {
            rules.add(new RuleResult(n.path("id").asText(), n.path("kind").asText(), n.path("category").asText(), severity(n),
                    n.path("message").asText(), n.path("docs").asText(), n.path("findings").asInt(), n.path("suppressed").asInt(),
                    n.path("millis").asLong(), n.path("checked").asInt(), n.path("violating").asInt(), n.path("compliance").asDouble(1.0),
                    strings(n.path("unmatched"))));
            inputs.add(new RuleScoreInput(n.path("id").asText(), n.path("category").asText(), severity(n), n.path("checked").asInt(),
                    n.path("violating").asInt(), n.path("findings").asInt()));
        }
        // the score is a function of the rules' findings, the size and the weights: computing it again gives the recorded
        // v2 score exactly, and re-scores a report written with v1 (whose weights were not recorded: the defaults)
        HealthScore score = ScoreModel.compute(inputs, r.path("target").path("classes").asInt(), weights(r.path("score").path("weights")));
        JsonNode d = r.path("delta");
        boolean sameFormula = r.path("scoreVersion").asInt(1) == ScoreModel.VERSION; // a v1 delta compared v1 scores
        Optional<Delta> delta = r.has("delta") && sameFormula
                ? Optional.of(new Delta(d.path("againstCommit").asText(), d.path("previousScore").asDouble(),
                d.path("overall").asDouble(), doubles(d.path("categories")), d.path("contractChanged").asBoolean(), cause(d.path("cause"))))
                : Optional.empty();
        List<Finding> findings = new ArrayList<>();
        r.path("findings").forEach(n -> findings.add(finding(n)));
        List<SuppressedFinding> suppressed = new ArrayList<>();
        r.path("suppressed").forEach(n -> suppressed.add(new SuppressedFinding(finding(n), n.path("reason").asText(), n.path("suppressedAt").asText())));
        List<SuppressionNotice> notices = new ArrayList<>();
        r.path("suppressionNotices").forEach(n -> notices.add(new SuppressionNotice(n.path("kind").asText(), n.path("rule").asText(),
                n.path("where").asText(), n.path("reason").asText(), n.path("expires").asText(), n.path("at").asText())));
        List<Finding> baselined = new ArrayList<>();
        r.path("baselined").forEach(n -> baselined.add(finding(n)));
        List<BaselineEntry> stale = new ArrayList<>();
        r.path("staleBaseline").forEach(n -> stale.add(new BaselineEntry(n.path("fingerprint").asText(), n.path("ruleId").asText(),
                n.path("element").asText(), n.path("target").asText(), n.path("path").asText(), n.path("line").asInt())));
        JsonNode t = r.path("timings");
        return new Report(r.path("schemaVersion").asText(), r.path("tool").path("version").asText(),
                new Report.ContractInfo(r.path("contract").path("name").asText(), r.path("contract").path("file").asText(),
                        r.path("contract").path("hash").asText(), new LinkTemplates(text(r.path("contract").path("links").path("fileUrl")),
                        text(r.path("contract").path("links").path("commitUrl")))),
                git, new Report.TargetInfo(r.path("target").path("classes").asInt(), r.path("target").path("packages").asInt(),
                        strings(r.path("target").path("unreadable")), strings(r.path("target").path("duplicates"))),
                Severity.parse(r.path("summary").path("failOn").asText()).orElse(Severity.MINOR), r.path("summary").path("passed").asBoolean(),
                score, delta, rules, findings, suppressed, notices, baselined, stale,
                new Report.Timings(t.path("loadMillis").asLong(), t.path("importMillis").asLong(), t.path("evaluateMillis").asLong(),
                        t.path("totalMillis").asLong(), t.path("cache").asText("off"),
                        t.path("mode").asText("hit".equals(t.path("cache").asText()) ? "cache-hit" : "full")));
    }

    /** The commit a recorded report's delta was taken against, or empty (no delta, or not a report). */
    public static String recordedDeltaCommit(String json) {
        try {
            return MAPPER.readTree(json).path("delta").path("againstCommit").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static Scoring weights(JsonNode w) {
        Map<Severity, Double> severities = new EnumMap<>(Scoring.defaults().severityWeights());
        w.path("severity").fields().forEachRemaining(e -> Severity.parse(e.getKey()).ifPresent(s -> severities.put(s, e.getValue().asDouble())));
        return new Scoring(Map.copyOf(severities), Map.copyOf(doubles(w.path("category"))));
    }

    private static Optional<ScoreChange.Cause> cause(JsonNode c) {
        if (c.isMissingNode() || c.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new ScoreChange.Cause(c.path("newFindings").asDouble(), c.path("newCount").asInt(), c.path("fixedFindings").asDouble(),
                c.path("fixedCount").asInt(), c.path("contract").asDouble(), c.path("codeSize").asDouble()));
    }

    private static Finding finding(JsonNode n) {
        return new Finding(n.path("ruleId").asText(), severity(n), n.path("category").asText(), n.path("message").asText(),
                n.path("detail").asText(), n.path("class").asText(), n.path("element").asText(), n.path("target").asText(),
                n.path("path").asText(), n.path("line").asInt(), n.path("column").asInt(), n.path("fingerprint").asText());
    }

    private static Severity severity(JsonNode n) {
        return Severity.parse(n.path("severity").asText()).orElse(Severity.MAJOR);
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    private static Map<String, Double> doubles(JsonNode object) {
        Map<String, Double> result = new TreeMap<>();
        object.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asDouble()));
        return result;
    }

    /** A text field, or null when absent. */
    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
