package dev.archgov.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.engine.load.ContractSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The published contract schema is current, and the real contracts validate against it; broken ones do not. */
class ContractSchemaTest {
    static final Path PUBLISHED = Path.of("src/main/resources/archgov/schema/contract-v1.schema.json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode generated() {
        return ContractSchema.generate(RuleKinds.load(ContractSchemaTest.class.getClassLoader()));
    }

    static Set<ValidationMessage> validate(String yaml) {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(generated());
        Object data = new Yaml(new DatesAsText()).load(yaml);
        JsonNode json = MAPPER.valueToTree(data);
        return schema.validate(json);
    }

    /** As editors see YAML: a date is text, as the schema says. */
    static final class DatesAsText extends SafeConstructor {
        DatesAsText() {
            super(new LoaderOptions());
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }

    @Test
    void publishedSchemaIsTheGeneratedOne() throws IOException {
        assertThat(MAPPER.readTree(PUBLISHED.toFile()))
                .as("regenerate with: ./archgov schema -o rules/" + PUBLISHED)
                .isEqualTo(generated());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../examples/shop/archgov.yaml", "../archgov.yaml", "src/main/resources/archgov/packs/generic.yaml"})
    void realContractsValidate(String file) throws IOException {
        String yaml = Files.readString(Path.of(file));
        assertThat(validate(yaml)).isEmpty();
    }

    @Test
    void schemaRejectsWhatTheLoaderRejects() {
        assertThat(validate("version: 1\nname: x\nrule: []\n")).isNotEmpty();
        assertThat(validate("version: 1\nname: x\nrules: [{id: R, kind: no-cycles, severity: high}]\n")).isNotEmpty();
        assertThat(validate("version: 1\nname: x\nrules: [{id: R, kind: no-cycles, params: {slice: x}}]\n")).isNotEmpty();
        assertThat(validate("version: 1\nname: x\nrules: [{id: R, kind: forbidden-dependency, params: {from: [{}], to: [{packages: [a]}]}}]\n")).isNotEmpty();
        assertThat(validate("version: 2\nname: x\n")).isNotEmpty();
        assertThat(validate("version: 1\nname: x\nsuppressions: [{rule: R}]\n")).isNotEmpty();
    }
}
