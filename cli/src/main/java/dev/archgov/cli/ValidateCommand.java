package dev.archgov.cli;

import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.eval.RuleCompiler;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.spi.RunIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.concurrent.Callable;

@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
                "Check a contract without analysing anything.",
                "",
                "Loads the contract and everything it extends, checks keys, types, rule kinds, parameters, layers, "
                        + "package patterns, suppressions and analysed paths, and compiles every rule. Each problem is "
                        + "printed as file:line:column: message."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "2:invalid contract or usage error", "3:runtime failure"})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ContractArgument contract;

    @Option(names = "--no-paths", description = "Do not require the analysed paths to exist (e.g. before the build).")
    boolean noPaths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ContractLoader loader = ContractLoader.standard();
        Contract c = loader.load(contract.file(), !noPaths);
        int compiled = RuleCompiler.compile(c, loader.kinds(), new RunIndex()).size();
        spec.commandLine().getOut().printf("%s: valid contract '%s': %d rules (%d enabled), %d layers, %d suppressions%n",
                contract.file(), c.name(), c.rules().size(), compiled, c.layers().size(), c.suppressions().size());
        return ExitCodes.OK;
    }
}
