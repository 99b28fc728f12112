package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.SqliteHistoryStore;
import dev.archgov.engine.report.AtomicFiles;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.BaselineFile;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.ReportFormats;
import dev.archgov.engine.report.ReportWriter;
import dev.archgov.engine.report.Styler;
import dev.archgov.engine.history.History;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "gate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "The pre-merge check: fail only on what the change made worse.",
                "",
                "Analyses the work tree, finds the merge-base of HEAD and --base with git, and compares with the base's findings: the "
                        + "report recorded for that commit (archgov check --record), or the merge-base built and analysed aside "
                        + "(--analyze-base), or else the baseline file. Findings are new, "
                        + "fixed or unchanged (by fingerprint). The contract's gate policy decides: no new finding at or above "
                        + "gate.failOnNew (default minor), score not below gate.minScore, no drop of more than gate.maxDrop. In a "
                        + "shallow clone without the merge-base it says how to fetch the history and falls back to the baseline file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the gate passed", "1:the gate policy failed", "2:usage error, invalid contract, or no base to compare with",
                "3:runtime failure"})
final class GateCommand implements Callable<Integer> {

    @Mixin
    ContractArgument contract;

    @Option(names = "--base", required = true, paramLabel = "REF", description = "The branch or commit the change will merge into, e.g. origin/main.")
    String base;

    @Option(names = "--baseline", paramLabel = "FILE", description = "The fallback base (default: archgov-baseline.json beside the contract, if present).")
    Path baseline;

    @Option(names = "--analyze-base", arity = "0..1", fallbackValue = AUTO_BUILD, paramLabel = "BUILD",
            description = {"When no report is recorded for the merge-base, export it to a temporary directory (the work tree "
                    + "is not touched), build it with the shell command BUILD, analyse it with this contract and compare with that.",
                    "Without BUILD: the contract's build: command, else ./mvnw or mvn -q -B -DskipTests package when there is "
                    + "a pom.xml, ./gradlew -q classes when there is a gradlew. It runs in the contract's directory."})
    String analyzeBase;

    @Option(names = "--changed-only", description = "Fail only on new findings in files the change touched (since the merge-base, "
            + "work-tree changes included); new findings elsewhere (a cycle closed from outside, say) are listed, not failing.")
    boolean changedOnly;

    @Option(names = "--history", paramLabel = "FILE", description = "The history store (default: .archgov/history.db at the repository root).")
    Path history;

    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT", description = "Output formats, as for check (default: text).")
    List<String> formats = new ArrayList<>(List.of("text"));

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Write each format to a file in DIR, atomically.")
    Path output;

    @Option(names = "--color", paramLabel = "WHEN", converter = Terminal.ColorConverter.class, description = "auto, always, never.")
    CommandLine.Help.Ansi color = CommandLine.Help.Ansi.AUTO;

    @Option(names = "--no-cache", description = "Analyse even when the classes, classpath, sources, contract and archgov are "
            + "unchanged since a previous run (by default that result is reused: $ARCHGOV_CACHE_DIR, else ~/.cache/archgov).")
    boolean noCache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final String AUTO_BUILD = "<auto>";

    record Base(List<BaselineEntry> entries, String label, Optional<Double> score) {
        static Base of(Report before, String label, Optional<Double> score) {
            List<BaselineEntry> entries = new ArrayList<>();
            before.findings().forEach(f -> entries.add(BaselineEntry.of(f)));
            before.baselined().forEach(f -> entries.add(BaselineEntry.of(f)));
            return new Base(entries, label, score);
        }
    }

    @Override
    public Integer call() throws IOException {
        Path contractFile = contract.file();
        GatePolicy policy = Archgov.contract(contractFile).gate();
        Report head = Archgov.check(contractFile, new CheckRunner.Options(policy.failOnNew(), LocalDate.now(), true, noCache ? Optional.empty() : ResultCache.defaultDir()));
        Path contractDir = contractFile.toAbsolutePath().getParent();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GitContext.MergeBase mergeBase = GitContext.mergeBase(contractDir, base);
        Base compared = mergeBase.commit().flatMap(commit -> recorded(head, contractDir, commit)).orElse(null);
        if (compared == null && analyzeBase != null && mergeBase.commit().isPresent()) {
            compared = BaseAnalysis.run(contractFile, mergeBase.commit().get(), analyzeBase, policy, err);
        }
        if (compared == null) {
            if (!mergeBase.message().isEmpty()) {
                err.println("archgov: warning: " + mergeBase.message() + "; comparing with the baseline file instead");
            }
            compared = fromBaselineFile(contractDir).orElseThrow(() -> new ArchgovCommand.UsageException("no base to compare with: "
                    + mergeBase.commit().map(c -> "no report recorded for the merge-base " + c.substring(0, 12) + " (run archgov check --record on "
                    + base + ")").orElse(mergeBase.message()) + ", and no baseline file (archgov baseline)"));
        }
        Report gated = head.withBaseline(compared.entries());
        int outside = 0;
        if (changedOnly) {
            if (mergeBase.commit().isEmpty()) {
                err.println("archgov: warning: --changed-only needs the merge-base; every new finding counts");
            } else {
                java.util.Set<String> changed = GitContext.changedSince(contractDir, mergeBase.commit().get());
                // a finding without a source path cannot be placed: it stays in the change
                List<dev.archgov.engine.report.Finding> elsewhere = gated.findings().stream()
                        .filter(f -> !f.path().isEmpty() && !changed.contains(f.path())).toList();
                outside = elsewhere.size();
                if (outside > 0) {
                    List<BaselineEntry> entries = new ArrayList<>(compared.entries());
                    elsewhere.forEach(f -> entries.add(BaselineEntry.of(f)));
                    elsewhere.forEach(f -> err.println("archgov: new outside the changed files (not failing): "
                            + f.ruleId() + " " + f.location() + " " + f.element()));
                    gated = head.withBaseline(entries);
                }
            }
        }
        List<String> failures = new ArrayList<>();
        if (gated.failing() > 0) {
            failures.add(gated.failing() + " new finding" + (gated.failing() == 1 ? "" : "s") + " at or above " + policy.failOnNew().label());
        }
        policy.minScore().filter(min -> head.score().overall() < min).ifPresent(min ->
                failures.add(String.format(Locale.ROOT, "score %.1f is below the minimum %.1f", head.score().overall(), min)));
        final Base against = compared;
        policy.maxDrop().ifPresent(max -> against.score().filter(s -> s - head.score().overall() > max).ifPresent(s ->
                failures.add(String.format(Locale.ROOT, "score dropped %.1f points (more than %.1f)", s - head.score().overall(), max))));
        out.printf(Locale.ROOT, "gate against %s%s: %d new%s, %d fixed, %d unchanged; score %.1f%s%n", compared.label(),
                mergeBase.commit().map(c -> " (merge-base " + c.substring(0, 12) + " of HEAD and " + base + ")").orElse(""),
                gated.findings().size(), outside > 0 ? " (+" + outside + " outside the changed files)" : "",
                gated.staleBaseline().size(), gated.baselined().size() - outside, head.score().overall(),
                compared.score().map(s -> String.format(Locale.ROOT, " (%+.1f)", head.score().overall() - s)).orElse(""));
        write(gated, out);
        out.println(failures.isEmpty() ? "gate PASSED" : "gate FAILED: " + String.join("; ", failures));
        GitHubActions.publish(gated, System.getenv(), out, new ReportFormats(Styler.PLAIN));
        out.flush();
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.VIOLATED;
    }

    private Optional<Base> recorded(Report head, Path contractDir, String commit) {
        Path store = history != null ? history : History.defaultFile(head, contractDir);
        if (!Files.exists(store)) {
            return Optional.empty();
        }
        try (HistoryStore h = SqliteHistoryStore.open(store)) {
            return h.firstOf(SqliteHistoryStore.repositoryOf(head), List.of(commit), head.contract().hash()).map(stored ->
                    Base.of(stored.report(), "the report recorded for " + commit.substring(0, 12), Optional.of(stored.entry().score())));
        }
    }

    private Optional<Base> fromBaselineFile(Path contractDir) throws IOException {
        Path file = baseline != null ? baseline : contractDir.resolve("archgov-baseline.json");
        if (baseline == null && !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Base(BaselineFile.read(file), "the baseline file " + file, Optional.empty()));
        } catch (IOException e) {
            throw new ArchgovCommand.UsageException(e.getMessage());
        }
    }

    private void write(Report gated, PrintWriter out) throws IOException {
        ReportFormats plain = new ReportFormats(Styler.PLAIN, true);
        List<String> names = ArchgovCommand.formatNames(formats);
        if (output == null) {
            if (names.size() > 1) {
                throw new ArchgovCommand.UsageException("several formats need --output DIR");
            }
            new ReportFormats(Terminal.styler(color), true).find(names.get(0)).orElseThrow().write(gated, out);
            return;
        }
        for (String f : names) {
            ReportWriter w = plain.find(f).orElseThrow();
            AtomicFiles.write(output.resolve(w.fileName()), x -> w.write(gated, x));
        }
        new ReportFormats(Terminal.styler(color)).find("text").orElseThrow().write(gated, out);
    }
}
