package dev.archgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.engine.load.ContractSchema;
import dev.archgov.engine.report.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "schema",
        mixinStandardHelpOptions = true,
        description = {
                "Print the JSON Schema of the contract format for every rule kind on the class path.",
                "",
                "Editors use it to complete and check archgov.yaml, e.g. with the YAML language server:",
                "  # yaml-language-server: $schema=./archgov.schema.json"})
final class SchemaCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the schema to FILE (atomically) instead of standard output.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var schema = ContractSchema.generate(RuleKinds.load(SchemaCommand.class.getClassLoader()));
        var writer = new ObjectMapper().writerWithDefaultPrettyPrinter();
        if (output != null) {
            AtomicFiles.write(output, w -> w.write(writer.writeValueAsString(schema) + "\n"));
        } else {
            spec.commandLine().getOut().println(writer.writeValueAsString(schema));
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
