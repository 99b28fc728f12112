package dev.archgov.cli;

import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.eval.CompiledRule;
import dev.archgov.engine.eval.RuleCompiler;
import dev.archgov.engine.eval.WrittenSelectors;
import dev.archgov.engine.imports.ClassImport;
import dev.archgov.engine.imports.ImportedClasses;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.spi.RunIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
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
        try (RunIndex index = new RunIndex()) {
            List<CompiledRule> rules = RuleCompiler.compile(c, loader.kinds(), index);
            spec.commandLine().getOut().printf("%s: valid contract '%s': %d rules (%d enabled), %d layers, %d suppressions%n",
                    contract.file(), c.name(), c.rules().size(), rules.size(), c.layers().size(), c.suppressions().size());
            if (!noPaths && rules.stream().anyMatch(r -> !r.selectors().isEmpty() && !r.spec().allowEmpty())) {
                warnAboutSelectorsMatchingNothing(c, rules);
            }
        }
        return ExitCodes.OK;
    }

    /**
     * With the classes built, the contract's own selectors are matched against them: one that matches nothing makes
     * check fail its rule, so validate says so first (a warning: the contract itself is valid).
     */
    private void warnAboutSelectorsMatchingNothing(Contract c, List<CompiledRule> rules) {
        PrintWriter err = spec.commandLine().getErr();
        try (ImportedClasses imported = ClassImport.importClasses(c.analyze())) {
            WrittenSelectors written = new WrittenSelectors(imported.classes());
            for (CompiledRule rule : rules) {
                if (rule.spec().allowEmpty()) {
                    continue;
                }
                for (CompiledRule.WrittenSelector s : written.matchingNothing(rule)) {
                    err.println(s.pos() + ": warning: rule " + rule.spec().id() + ": " + WrittenSelectors.describe(s));
                }
            }
        }
        err.flush();
    }
}
