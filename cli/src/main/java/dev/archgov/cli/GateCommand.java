package dev.archgov.cli;

import dev.archgov.engine.gate.Gate;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.format.ScoreText;
import dev.archgov.engine.report.format.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Mixin
    HistoryOption history;

    @Mixin
    ReportOutput output;

    @Option(names = "--no-cache", description = "Analyse even when the classes, classpath, sources, contract and archgov are "
            + "unchanged since a previous run (by default that result is reused: $ARCHGOV_CACHE_DIR, else ~/.cache/archgov).")
    boolean noCache;

    @Option(names = "--full", description = "Analyse every class even when a previous run's per-class results could be reused "
            + "(by default only the classes a change reaches are re-checked when every rule allows it; the report's timings.mode "
            + "says which). The cached results are refreshed.")
    boolean full;

    @Mixin
    AnalysisOptions analysis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final String AUTO_BUILD = "<auto>";

    @Override
    public Integer call() throws IOException {
        output.names(); // bad formats fail before any work
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Gate.Request request = new Gate.Request(contract.file(), base, Optional.ofNullable(baseline),
                Optional.ofNullable(analyzeBase).map(b -> AUTO_BUILD.equals(b) ? "" : b), changedOnly, history.location(), !noCache, analysis.override(), full);
        Gate.Outcome outcome = Gate.run(request, new Gate.Listener() {
            @Override
            public void notice(String message) {
                err.println("archgov: " + message);
            }

            @Override
            public void logLine(String line) {
                err.println("  | " + line);
            }
        });
        Report head = outcome.head();
        Report gated = outcome.gated();
        int outside = outcome.outside().size();
        int gone = outcome.goneWithContract().size();
        out.printf(Locale.ROOT, "gate against %s%s: %d new%s, %d fixed%s, %d unchanged; score %s%s%n", outcome.compared().label(),
                outcome.mergeBase().commit().map(c -> " (merge-base " + c.substring(0, 12) + " of HEAD and " + base + ")").orElse(""),
                gated.findings().size(), outside > 0 ? " (+" + outside + " outside the changed files)" : "",
                gated.staleBaseline().size(), gone > 0 ? " (+" + gone + " gone with the contract's changes, not fixed)" : "",
                gated.baselined().size() - outside, ScoreText.headline(head.score()),
                head.delta().map(d -> String.format(Locale.ROOT, " %+.1f: %s", d.overall(), d.cause().map(ScoreText::cause).orElse(""))).orElse(""));
        output.write(gated, out, true, true);
        out.println(outcome.passed() ? "gate PASSED" : "gate FAILED: " + String.join("; ", outcome.failures()));
        GitHubActions.publish(gated, System.getenv(), out, err, output.formats(Styler.PLAIN, true));
        out.flush();
        return outcome.passed() ? ExitCodes.OK : ExitCodes.VIOLATED;
    }
}
