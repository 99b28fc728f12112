package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON report validates against its published, versioned schema. */
class ReportSchemaTest {

    @Test
    void shopReportValidates() throws Exception {
        Cli run = Cli.run("check", "../examples/shop", "--format=json", "--as-of=2100-01-01");
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("suppressionNotices")).isNotEmpty();
        try (InputStream schemaText = getClass().getResourceAsStream("/archgov/schema/report-v1.schema.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
            assertThat(schema.validate(report)).isEmpty();
        }
    }

    @Test
    void schemaIsNotVacuous() throws Exception {
        JsonNode broken = new ObjectMapper().readTree("{\"schemaVersion\":\"1.0\",\"findings\":[{\"ruleId\":1}]}");
        try (InputStream schemaText = getClass().getResourceAsStream("/archgov/schema/report-v1.schema.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
            assertThat(schema.validate(broken)).isNotEmpty();
        }
    }
}
