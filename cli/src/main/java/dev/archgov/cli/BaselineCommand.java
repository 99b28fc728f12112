package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.io.BaselineFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "baseline",
        mixinStandardHelpOptions = true,
        description = {
                "Record the current findings as the baseline, so that a legacy code base can adopt a contract and fail only on new findings.",
                "",
                "Writes archgov-baseline.json (beside the contract unless -o is given), keyed by fingerprint, with rule, element and "
                        + "location for people to read. Commit it; then run: archgov check --baseline archgov-baseline.json"})
final class BaselineCommand implements Callable<Integer> {

    @Mixin
    ContractArgument contract;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the baseline (default: archgov-baseline.json beside the contract).")
    Path output;

    @Mixin
    AnalysisOptions analysis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path file = contract.file();
        Report report = Archgov.check(file, analysis.override(), CheckRunner.Options.defaults());
        Path target = output != null ? output : file.toAbsolutePath().getParent().resolve("archgov-baseline.json");
        BaselineFile.write(target, report);
        spec.commandLine().getOut().printf("%s: %d findings recorded as the baseline%n", target, report.findings().size());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
