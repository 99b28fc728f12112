package dev.archgov.engine.report.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.Set;

/**
 * SonarQube's generic external issues format (10.3 and later: rules with a clean-code attribute and impacts, issues
 * referring to them), imported with {@code sonar.externalIssuesReportPaths}: SonarQube then shows the findings in its
 * issue lists and pull-request decoration. A finding without a source file (a class outside the analysed sources)
 * cannot be placed in SonarQube and is left out; the rule still is.
 *
 * <p>Mapping (documented in the README): severity blocker/critical → impact HIGH, major → MEDIUM, minor/info → LOW;
 * category layering → software quality MAINTAINABILITY with attribute MODULAR, the domain packs (lock, cache, pool, saga)
 * and anything else → RELIABILITY with attribute LOGICAL.
 */
public final class SonarQubeWriter implements ReportWriter {
    private static final ObjectMapper JSON = JsonReportWriter.MAPPER;

    @Override
    public String format() {
        return "sonarqube";
    }

    @Override
    public String fileName() {
        return "archgov-sonarqube.json";
    }

    @Override
    public void write(Report r, Writer writer) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode rules = root.putArray("rules");
        Set<String> used = new HashSet<>();
        r.findings().stream().filter(SonarQubeWriter::placeable).forEach(f -> used.add(f.ruleId()));
        for (RuleResult rule : r.rules()) {
            if (!used.contains(rule.id())) {
                continue; // SonarQube wants the rules its issues use
            }
            ObjectNode node = rules.addObject().put("id", rule.id()).put("name", rule.message()).put("engineId", "archgov")
                    .put("description", rule.message() + " (" + rule.kind() + ", category " + rule.category() + ")"
                            + (rule.docs().isEmpty() ? "" : " " + rule.docs()))
                    .put("cleanCodeAttribute", layering(rule.category()) ? "MODULAR" : "LOGICAL");
            node.putArray("impacts").addObject().put("softwareQuality", layering(rule.category()) ? "MAINTAINABILITY" : "RELIABILITY")
                    .put("severity", impact(rule.severity()));
        }
        ArrayNode issues = root.putArray("issues");
        for (Finding f : r.findings()) {
            if (!placeable(f)) {
                continue;
            }
            ObjectNode location = issues.addObject().put("ruleId", f.ruleId()).putObject("primaryLocation")
                    .put("message", f.detail().isEmpty() ? f.message() : f.detail()).put("filePath", f.path());
            if (f.line() > 0) {
                location.putObject("textRange").put("startLine", f.line());
            }
        }
        JSON.writeValue(writer, root);
        writer.flush();
    }

    private static boolean placeable(Finding f) {
        return f.path() != null && !f.path().isEmpty() && !f.path().startsWith("/");
    }

    private static boolean layering(String category) {
        return category.equals("layering");
    }

    static String impact(Severity s) {
        return switch (s) {
            case BLOCKER, CRITICAL -> "HIGH";
            case MAJOR -> "MEDIUM";
            case MINOR, INFO -> "LOW";
        };
    }
}
