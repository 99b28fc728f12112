package dev.archgov.engine.report.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;

import java.io.IOException;
import java.io.Writer;

/**
 * GitLab Code Quality report (the Code Climate subset GitLab reads): one issue per finding with description, check
 * name, fingerprint, severity (archgov's five severities are GitLab's) and location.
 */
public final class GitLabCodeQualityWriter implements ReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String format() {
        return "codequality";
    }

    @Override
    public String fileName() {
        return "gl-code-quality-report.json";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        ArrayNode issues = MAPPER.createArrayNode();
        for (Finding f : report.findings()) {
            var issue = issues.addObject();
            issue.put("description", f.ruleId() + ": " + f.message() + " — " + f.detail());
            issue.put("check_name", f.ruleId());
            issue.put("fingerprint", f.fingerprint());
            issue.put("severity", f.severity().label());
            issue.putArray("categories").add("Bug Risk");
            var location = issue.putObject("location");
            location.put("path", f.path());
            location.putObject("lines").put("begin", Math.max(1, f.line()));
        }
        out.write(MAPPER.writeValueAsString(issues));
        out.write(System.lineSeparator());
        out.flush();
    }
}
