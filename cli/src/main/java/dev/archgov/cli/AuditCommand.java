package dev.archgov.cli;

import dev.archgov.engine.audit.Audit;
import dev.archgov.engine.audit.AuditSelection;
import dev.archgov.engine.audit.AuditShard;
import dev.archgov.engine.report.io.AtomicFiles;
import dev.archgov.engine.trend.Trend;
import dev.archgov.engine.trend.TrendWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "audit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Audit the architecture's health over git history: which commit broke what.",
                "",
                "Walks the first-parent history of a branch, and for each selected commit exports its tree to a temporary "
                        + "directory with git (the work tree, index and branches are never touched), builds it, analyses it "
                        + "with this contract and records the report in the history store. Commits already recorded for the "
                        + "same contract are skipped; a commit whose compiled classes are identical to an analysed one reuses "
                        + "that analysis; a failed or timed-out build is recorded with the end of its log, and the audit goes on. "
                        + "Then it writes the trend: score chart, largest regressions with the commit that caused each, the rules "
                        + "with the most findings and their direction, failed builds.",
                "",
                "Without --since, --last or --range: the last 30 commits."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the audit ran (failed builds are data, not errors)", "2:usage error or invalid contract",
                "3:runtime failure (git, history store, interrupted)"})
final class AuditCommand implements Callable<Integer> {

    @Mixin
    ContractArgument contract;

    @Option(names = "--since", paramLabel = "DATE", description = "Commits from this day on (commit time, UTC), e.g. 2026-01-01.")
    LocalDate since;

    @Option(names = "--last", paramLabel = "N", description = "The N newest commits (before sampling).")
    Integer last;

    @Option(names = "--range", paramLabel = "A..B", description = "The commits of B's first-parent chain not reachable from A (git log --first-parent A..B); B defaults to the branch.")
    String range;

    @ArgGroup(exclusive = true)
    Sampling sampling = new Sampling();

    /** How to sample the selected commits: one of --every and --per. */
    static final class Sampling {
        @Option(names = "--every", paramLabel = "K", description = "Sample every K-th commit (counting back from the newest, which is always taken).")
        Integer every;

        @Option(names = "--per", paramLabel = "PERIOD", converter = PeriodConverter.class,
                description = "Sample one commit, the newest, per day, week (ISO) or month (UTC).")
        AuditSelection.Period per;
    }

    /** {@code --per day|week|month}. */
    static final class PeriodConverter implements CommandLine.ITypeConverter<AuditSelection.Period> {
        @Override
        public AuditSelection.Period convert(String value) {
            try {
                return AuditSelection.Period.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of day, week, month");
            }
        }
    }

    @Option(names = "--branch", paramLabel = "BRANCH", description = "The branch to walk (default: the checked-out one, or HEAD).")
    String branch;

    @Option(names = "--build", paramLabel = "CMD", description = {"The shell command that builds a commit, run in the contract's "
            + "directory of the exported tree, e.g. 'mvn -q -o -DskipTests compile'.",
            "Default: the contract's build:, else ./mvnw or mvn -q -B -DskipTests package with a pom.xml, ./gradlew -q classes with a gradlew."})
    String build;

    @Option(names = "--classes", split = ",", paramLabel = "DIR", description = "Where the built classes are, relative to the "
            + "commit's root (default: the contract's analyze.classes). Comma-separated.")
    List<String> classes;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Bound each build: 90s, 10m, 1h (default: no bound). A build that passes it is killed and recorded as timed out.")
    Duration timeout;

    @Option(names = "--retry-failed", description = "Build again the commits recorded as failed (by default they are skipped, like recorded ones).")
    boolean retryFailed;

    @Mixin
    HistoryOption history;

    @Option(names = "--shard", paramLabel = "K/N", description = "Build only this shard's commits: of the selection (oldest first) "
            + "the K-th, then every N-th, into a shared history (--history jdbc:postgresql://…); a last audit without --shard "
            + "writes the whole trend without building. Pin the selection (--range BASE..SHA) so every shard sees the same commits.")
    String shard;

    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT", description = "Trend formats: text (a summary on "
            + "standard output), html, markdown, csv, json. Default: text; with --output: html, markdown, csv and json.")
    List<String> formats;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Write the trend files to DIR (archgov-trend.<ext>), atomically.")
    Path output;

    @Option(names = "--progress", paramLabel = "WHEN", description = "${COMPLETION-CANDIDATES}: auto is a bar on a terminal and "
            + "plain lines in CI or when the output is not a terminal (default: ${DEFAULT-VALUE}).")
    AuditProgress.Mode progress = AuditProgress.Mode.AUTO;

    @Mixin
    ColorOption color;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<String> wanted = formats();
        AuditSelection selection = new AuditSelection(Optional.ofNullable(since), Optional.ofNullable(last), Optional.ofNullable(range),
                Optional.ofNullable(sampling.every), Optional.ofNullable(sampling.per), Optional.ofNullable(branch));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Audit.Request request = new Audit.Request(contract.file(), selection, Optional.ofNullable(build), Optional.ofNullable(classes),
                Optional.ofNullable(timeout), retryFailed, history.location(), Optional.ofNullable(shard).map(AuditShard::parse));
        Audit.Outcome outcome;
        try (Progress shown = new Progress(err)) {
            outcome = Audit.run(request, shown);
        } catch (Audit.Interrupted e) {
            err.println("archgov audit: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        Audit.Counts counts = outcome.counts();
        err.printf(Locale.ROOT, "archgov audit: done in %.1f s: %d built, %d analysed, %d reused an identical class set, %d build%s failed, "
                        + "%d already recorded%n", outcome.millis() / 1e3, counts.built(), counts.analysed(), counts.reused(),
                counts.failed(), counts.failed() == 1 ? "" : "s", counts.stored());
        write(outcome.trend(), wanted, out);
        out.flush();
        return ExitCodes.OK;
    }

    /** The audit's progress on standard error: the plan as a line, then a bar on a terminal or a line per step. */
    private final class Progress implements Audit.Listener, AutoCloseable {
        private final PrintWriter err;
        private AuditProgress shown;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void planned(Audit.Plan plan) {
            err.printf(Locale.ROOT, "archgov audit: %d commit%s of %s selected: %d already recorded, %d failed before%s%s; %d to build%n",
                    plan.selected(), plan.selected() == 1 ? "" : "s", plan.branch().isEmpty() ? "HEAD" : plan.branch(), plan.stored(),
                    plan.failedBefore(), plan.failedBefore() > 0 && !plan.retryFailed() ? " (--retry-failed builds them again)" : "",
                    plan.otherShards() > 0 ? ", " + plan.otherShards() + " left to the other shards" : "", plan.todo());
            shown = AuditProgress.of(progress, plan.todo(), err, System.err, color.enabled());
        }

        @Override
        public void status(int index, int total, String commit, String step) {
            shown.status(index, total, commit, step);
        }

        @Override
        public void done(int index, int total, String commit, String outcome) {
            shown.done(index, total, commit, outcome);
        }

        @Override
        public void notice(String message) {
            shown.notice(message);
        }

        @Override
        public void close() {
            if (shown != null) {
                shown.close();
            }
        }
    }

    private List<String> formats() {
        List<String> names = formats == null ? (output == null ? List.of("text") : List.of("html", "markdown", "csv", "json"))
                : formats.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String f : names) {
            if (!"text".equals(f) && TrendWriter.find(f).isEmpty()) {
                throw new ArchgovCommand.UsageException("unknown format '" + f + "' (expected one of: text, html, markdown, csv, json)");
            }
        }
        if (output == null && names.size() > 1) {
            throw new ArchgovCommand.UsageException("several formats (" + String.join(",", names) + ") need --output DIR");
        }
        return names;
    }

    private void write(Trend trend, List<String> names, PrintWriter out) throws IOException {
        for (String f : names) {
            if ("text".equals(f)) {
                summary(trend, out);
                continue;
            }
            TrendWriter w = TrendWriter.find(f).orElseThrow();
            if (output == null) {
                w.write(trend, out);
            } else {
                Path file = output.resolve(w.fileName());
                AtomicFiles.write(file, x -> w.write(trend, x));
                out.println("wrote " + file);
            }
        }
    }

    private static void summary(Trend t, PrintWriter out) {
        out.println(t.summary());
        t.regressions().stream().limit(5).forEach(g -> out.printf(Locale.ROOT, "  regression %s %s: %.1f -> %.1f, %d new finding%s%s%n",
                g.shortId(), Audit.abbreviate(g.subject()), g.scoreBefore(), g.scoreAfter(), g.introduced().size(),
                g.introduced().size() == 1 ? "" : "s", g.introduced().isEmpty() ? "" : " (" + g.introduced().get(0).ruleId()
                        + (g.introduced().size() > 1 ? ", …" : "") + ")"));
        t.failures().forEach(f -> out.printf("  build %s %s %s%n", "timeout".equals(f.kind()) ? "timed out at" : "failed at", f.shortId(),
                Audit.abbreviate(f.subject())));
    }

    /** 90, 90s, 10m, 1h, or an ISO-8601 duration (PT10M). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(s|m|h)?");

        @Override
        public Duration convert(String value) {
            Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = m.group(2) == null || "s".equals(m.group(2)) ? Duration.ofSeconds(n)
                        : "m".equals(m.group(2)) ? Duration.ofMinutes(n) : Duration.ofHours(n);
                if (d.isZero()) {
                    throw new CommandLine.TypeConversionException("'" + value + "': a timeout must be longer than zero");
                }
                return d;
            }
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 1h)");
            }
        }
    }
}
