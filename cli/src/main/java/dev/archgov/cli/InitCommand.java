package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.init.ContractDraft;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "init",
        mixinStandardHelpOptions = true,
        description = {
                "Draft a commented contract (archgov.yaml) for a code base.",
                "",
                "Detects the build (Maven, Gradle) and its modules' class and source directories, proposes layers from "
                        + "the package names (web, service, client, repository, domain), enables the domain packs whose "
                        + "libraries the classes use (saying which), validates the draft and, when the classes are built, "
                        + "runs a first check. Never replaces an existing contract without --force."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:drafted", "2:a contract exists (use --force) or usage error", "3:runtime failure"})
final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The code base's root directory (default: .).")
    Path dir;

    @Option(names = "--force", description = "Replace an existing archgov.yaml.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path root = dir == null ? Path.of(".") : dir;
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(root)) {
            throw new ArchgovCommand.UsageException(root + ": no such directory");
        }
        Path file = root.resolve(ContractArgument.FILE_NAME);
        if (Files.exists(file) && !force) {
            throw new ArchgovCommand.UsageException(file + " exists: edit it, or draft a new one with --force (it replaces the file)");
        }
        ContractDraft.Draft draft = ContractDraft.of(root);
        AtomicFiles.write(file, w -> w.write(draft.yaml()));
        out.printf("archgov init: wrote %s (%s)%n", file, draft.build());
        out.printf("  classes: %s%n", String.join(", ", draft.classes()));
        out.printf("  layers:  %s%n", draft.layers().isEmpty() ? "none told from the package names" : String.join(" > ", draft.layers().keySet()));
        out.printf("  packs:   %s%n", draft.packs().isEmpty() ? "generic only (no lock, cache, pool or saga library in use)"
                : "generic, " + String.join(", ", draft.packs()));
        Contract contract = ContractLoader.standard().load(file, false);
        out.printf("  valid:   %d rules%n", contract.rules().size());
        try {
            Report first = Archgov.check(file, new CheckRunner.Options(Severity.MINOR, LocalDate.now(), true));
            out.printf("  first check: %d finding%s (%s), health %s%n", first.findings().size(), first.findings().size() == 1 ? "" : "s",
                    first.passed() ? "passed" : "failed", first.score().applicable() ? String.format(Locale.ROOT, "%.1f", first.score().overall()) : "n/a");
            out.printf("next: archgov check %s   (edit %s to adjust layers, packs and severities)%n", root, file);
        } catch (RuntimeException e) {
            out.printf("  first check: not run (%s)%n", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
            out.printf("next: build the project, then: archgov check %s%n", root);
        }
        return ExitCodes.OK;
    }
}
