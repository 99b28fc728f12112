package dev.archgov.cli;

import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.RuleKind;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "rules",
        mixinStandardHelpOptions = true,
        description = {"List the rule kinds on the class path with their parameters, and the rules of the bundled packs."})
final class RulesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ContractLoader loader = ContractLoader.standard();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Rule kinds (use as 'kind:' in a contract):");
        for (RuleKind kind : loader.kinds().all()) {
            out.printf("%n  %-24s %s [%s, default %s]%n", kind.name(), kind.meta().title(), kind.meta().category(),
                    kind.meta().defaultSeverity().label());
            for (ParamSpec p : kind.params()) {
                out.printf("      %-16s %s%s%s%n", p.name(), p.type().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        p.required() ? ", required" : "", " - " + p.description());
            }
        }
        out.println();
        out.println("Bundled packs (use in 'extends:'):");
        for (String pack : loader.builtinPacks()) {
            Contract c = loader.loadBuiltin(pack);
            out.printf("%n  builtin:%s%n", pack);
            for (RuleSpec r : c.rules()) {
                out.printf("      %-14s %-9s %-22s %s%n", r.id(), r.severity().label(), r.kind(), r.message());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
