package dev.archgov.cli;

import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.RulePages;
import dev.archgov.engine.docs.RuleReference;
import dev.archgov.engine.load.ContractLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "docs",
        mixinStandardHelpOptions = true,
        description = {
                "Write the rule reference as static HTML: one page per rule kind and per rule, and an index.",
                "",
                "The rules are the bundled packs' and, with --contract, the contract's own. Publish the directory and set the contract's "
                        + "docsBaseUrl to where it is served: every rule without a docs link of its own then links to its page "
                        + "(SARIF helpUri, the JSON, text and Markdown reports)."})
final class DocsCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Where to write the pages.")
    Path output;

    @Option(names = {"-c", "--contract"}, paramLabel = "FILE", description = "Also write pages for the rules of this contract "
            + "(its configuration of a bundled rule wins).")
    Path contract;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ContractLoader loader = ContractLoader.standard();
        List<Contract> sources = loader.contractAndBuiltinPacks(contract);
        RuleReference reference = new RuleReference(loader.kinds(), sources);
        int pages = reference.write(output);
        spec.commandLine().getOut().printf("%s: %d pages (%d rules, %d rule kinds)%n", output.resolve(RulePages.INDEX), pages,
                reference.ruleIds().size(), loader.kinds().all().size());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
