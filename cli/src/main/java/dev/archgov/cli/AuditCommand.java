package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.git.GitContext.CommitInfo;
import dev.archgov.engine.history.History;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.SqliteHistoryStore;
import dev.archgov.engine.imports.AnalysisInputException;
import dev.archgov.engine.report.AtomicFiles;
import dev.archgov.engine.report.GitInfo;
import dev.archgov.engine.report.JsonReportWriter;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.ToolVersion;
import dev.archgov.engine.trend.Trend;
import dev.archgov.engine.trend.TrendWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
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
    static final int DEFAULT_LAST = 30;
    private static final int MAX_WALK = 100_000;

    @Mixin
    ContractArgument contract;

    @Option(names = "--since", paramLabel = "DATE", description = "Commits from this day on (commit time, UTC), e.g. 2026-01-01.")
    LocalDate since;

    @Option(names = "--last", paramLabel = "N", description = "The N newest commits (before sampling).")
    Integer last;

    @Option(names = "--range", paramLabel = "A..B", description = "The commits of B's first-parent chain not reachable from A (git log --first-parent A..B); B defaults to the branch.")
    String range;

    @Option(names = "--every", paramLabel = "K", description = "Sample every K-th commit (counting back from the newest, which is always taken).")
    Integer every;

    @Option(names = "--per", paramLabel = "PERIOD", description = "Sample one commit, the newest, per day, week (ISO) or month (UTC).")
    String per;

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

    @Option(names = "--history", paramLabel = "FILE", description = "The history store (default: .archgov/history.db at the repository root).")
    Path history;

    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT", description = "Trend formats: text (a summary on "
            + "standard output), html, markdown, csv, json. Default: text; with --output: html, markdown, csv and json.")
    List<String> formats;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Write the trend files to DIR (archgov-trend.<ext>), atomically.")
    Path output;

    @Option(names = "--progress", paramLabel = "WHEN", description = "auto (a bar on a terminal, plain lines in CI), bar, plain, none.")
    String progress = "auto";

    @Option(names = "--color", paramLabel = "WHEN", converter = Terminal.ColorConverter.class, description = "auto, always, never.")
    CommandLine.Help.Ansi color = CommandLine.Help.Ansi.AUTO;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The submodule notices given so far. */
    private final java.util.Set<String> notified = new java.util.HashSet<>();

    /** The directory being worked in, for the shutdown hook. */
    private final AtomicReference<Path> workDir = new AtomicReference<>();

    @Override
    public Integer call() throws IOException {
        List<String> wanted = formats();
        if (!List.of("auto", "bar", "plain", "none").contains(progress)) {
            throw new ArchgovCommand.UsageException("--progress: '" + progress + "' is not one of auto, bar, plain, none");
        }
        if (every != null && per != null) {
            throw new ArchgovCommand.UsageException("--every and --per both sample: give one of them");
        }
        if (every != null && every < 1 || last != null && last < 1) {
            throw new ArchgovCommand.UsageException("--every and --last take a number of at least 1");
        }
        if (per != null && !List.of("day", "week", "month").contains(per)) {
            throw new ArchgovCommand.UsageException("--per: '" + per + "' is not one of day, week, month");
        }
        Path contractFile = contract.file().toAbsolutePath().normalize();
        Contract head = Archgov.contract(contractFile); // invalid contract: exit 2 before any build
        Path root = GitContext.root(contractFile.getParent()).map(p -> p.toAbsolutePath().normalize())
                .orElseThrow(() -> new ArchgovCommand.UsageException(contractFile + ": not in a git repository; the audit walks its history"));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        String branchName = branch != null ? branch : GitContext.currentBranch(root);
        List<CommitInfo> selected = select(root);
        if (selected.isEmpty()) {
            throw new ArchgovCommand.UsageException("no commit selected (check --since, --last, --range and --branch)");
        }
        Path store = history != null ? history : root.resolve(".archgov").resolve("history.db");
        String repository = GitContext.describe(root, selected.get(0), branchName).repository();
        Runtime runtime = Runtime.getRuntime();
        Thread cleanup = new Thread(() -> {
            Builds.stopRunning();
            Path dir = workDir.get();
            if (dir != null) {
                Builds.quietlyDelete(dir);
            }
        }, "archgov-audit-cleanup"); // Ctrl-C and kill skip finally blocks
        runtime.addShutdownHook(cleanup);
        long started = System.nanoTime();
        Counts counts = new Counts();
        Map<String, Trend.Input> inputs = new LinkedHashMap<>();
        try (HistoryStore h = SqliteHistoryStore.open(store)) {
            Map<String, HistoryStore.BuildFailure> failed = h.failures(repository, head.hash());
            List<CommitInfo> todo = new ArrayList<>();
            for (CommitInfo c : selected) {
                if (h.exact(repository, c.id(), head.hash()).isPresent()) {
                    counts.stored++;
                } else if (failed.containsKey(c.id()) && !retryFailed) {
                    counts.failedBefore++;
                } else {
                    todo.add(c);
                }
            }
            err.printf(Locale.ROOT, "archgov audit: %d commit%s of %s selected: %d already recorded, %d failed before%s; %d to build%n",
                    selected.size(), selected.size() == 1 ? "" : "s", branchName.isEmpty() ? "HEAD" : branchName, counts.stored,
                    counts.failedBefore, counts.failedBefore > 0 && !retryFailed ? " (--retry-failed builds them again)" : "", todo.size());
            try (AuditProgress bar = AuditProgress.of(progress, todo.size(), err, System.err, color != CommandLine.Help.Ansi.OFF)) {
                for (int i = 0; i < todo.size(); i++) {
                    audit(todo.get(i), i + 1, todo.size(), root, contractFile, head, branchName, repository, h, bar, counts);
                }
            }
            Map<String, HistoryStore.BuildFailure> failures = h.failures(repository, head.hash()); // as the run left them
            for (CommitInfo c : selected) {
                trendInput(c, h.exact(repository, c.id(), head.hash()), failures.get(c.id())).ifPresent(in -> inputs.put(c.id(), in));
            }
        } finally {
            try {
                runtime.removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
        Trend trend = Trend.of(head.name(), repository, branchName, Instant.now().toString(), ToolVersion.get(), new ArrayList<>(inputs.values()));
        err.printf(Locale.ROOT, "archgov audit: done in %.1f s: %d built, %d analysed, %d reused an identical class set, %d build%s failed, "
                        + "%d already recorded%n", (System.nanoTime() - started) / 1e9, counts.built, counts.analysed, counts.reused,
                counts.failed, counts.failed == 1 ? "" : "s", counts.stored);
        write(trend, wanted, out);
        out.flush();
        return ExitCodes.OK;
    }

    private static final class Counts {
        int stored;
        int failedBefore;
        int built;
        int analysed;
        int reused;
        int failed;
    }

    /** Export, build, analyse (or reuse) and record one commit; a failed build is recorded, not thrown. */
    private void audit(CommitInfo c, int index, int total, Path root, Path contractFile, Contract head, String branchName,
                       String repository, HistoryStore h, AuditProgress bar, Counts counts) throws IOException {
        String label = c.shortId() + " " + abbreviate(c.subject());
        Path dir = Files.createTempDirectory("archgov-audit-");
        workDir.set(dir);
        try {
            bar.status(index, total, label, "exporting");
            GitContext.Exported tree;
            try {
                tree = GitContext.export(root, c.id(), dir);
            } catch (GitContext.GitException e) { // e.g. a path this file system refuses: a gap, not the end of the audit
                counts.failed++;
                h.recordFailure(new HistoryStore.BuildFailure(repository, c.id(), head.hash(), c.time().toString(), branchName,
                        "export-failed", 0, "git export", e.getMessage()));
                bar.done(index, total, label, "its tree could not be exported (recorded): " + e.getMessage());
                return;
            }
            if (!tree.submodules().isEmpty() && notified.add(String.join(",", tree.submodules()))) {
                bar.notice(c.shortId() + ": " + tree.notice()); // once per set of submodules, not per commit
            }
            Path exported = copyContract(head, root, contractFile, dir);
            Path contractDir = exported.getParent();
            Optional<String> command = Builds.command(Optional.ofNullable(build), head.gate(), contractDir);
            if (command.isEmpty()) {
                throw new ArchgovCommand.UsageException("no build command for " + c.shortId() + ": give --build CMD or set 'build:' in the "
                        + "contract (no pom.xml or gradlew beside the contract)");
            }
            bar.status(index, total, label, "building: " + command.get());
            Builds.Outcome built = Builds.run(contractDir, command.get(), Optional.ofNullable(timeout));
            if (!built.ok()) {
                counts.failed++;
                h.recordFailure(new HistoryStore.BuildFailure(repository, c.id(), head.hash(), c.time().toString(), branchName,
                        built.timedOut() ? "timeout" : "failed", built.exitCode(), command.get(), built.tail()));
                bar.done(index, total, label, built.timedOut() ? "build timed out after " + seconds(built.millis()) + " (recorded)"
                        : "build failed, exit " + built.exitCode() + " (recorded): " + lastLine(built.tail()));
                return;
            }
            counts.built++;
            bar.status(index, total, label, "analysing");
            Contract atCommit = Archgov.contract(exported);
            if (classes != null) {
                atCommit = Archgov.withClasses(atCommit, classes.stream().map(c2 -> dir.resolve(c2).normalize()).toList());
            }
            List<String> missing = atCommit.analyze().classes().stream().filter(e -> !Files.exists(e.path()))
                    .map(e -> dir.relativize(e.path()).toString()).toList();
            if (!missing.isEmpty()) {
                noClasses(c, repository, head, branchName, command.get(), "the build left no " + String.join(", ", missing), h, bar, index, total, label, counts);
                return;
            }
            String classHash = Archgov.classSetHash(atCommit, dir);
            GitInfo real = GitContext.describe(root, c, branchName);
            GitInfo inExport = new GitInfo(true, dir.toString(), real.repository(), real.commit(), real.parents(), real.branch(),
                    real.detached(), real.author(), real.commitTime(), false, List.of());
            Optional<HistoryStore.Stored> same = h.byClassHash(repository, head.hash(), classHash);
            long t = System.nanoTime();
            Report report;
            String how;
            if (same.isPresent()) {
                report = same.get().report().withGit(real);
                counts.reused++;
                how = "same classes as " + same.get().entry().commit().substring(0, 12) + ", analysis reused";
            } else {
                try {
                    report = Archgov.check(atCommit, new CheckRunner.Options(head.gate().failOnNew(), LocalDate.now(), true),
                            Optional.of(inExport)).withGit(real);
                } catch (AnalysisInputException e) {
                    noClasses(c, repository, head, branchName, command.get(), e.getMessage(), h, bar, index, total, label, counts);
                    return;
                }
                counts.analysed++;
                how = "analysed in " + seconds((System.nanoTime() - t) / 1_000_000);
            }
            report = History.withDelta(report, h, root);
            h.record(report, JsonReportWriter.toJsonText(report), classHash);
            bar.done(index, total, label, String.format(Locale.ROOT, "built in %s, %s: score %.1f%s, %d finding%s", seconds(built.millis()), how,
                    report.score().overall(), report.delta().map(d -> String.format(Locale.ROOT, " (%+.1f)", d.overall())).orElse(""),
                    report.findings().size(), report.findings().size() == 1 ? "" : "s"));
        } finally {
            Builds.quietlyDelete(dir);
            workDir.set(null);
        }
    }

    /**
     * The head's contract (and the local files it extends) written into the exported tree at the same place, so every
     * commit is judged by the same rules: the contract hash stays the same and fingerprints compare across commits.
     */
    private static Path copyContract(Contract head, Path root, Path contractFile, Path dir) throws IOException {
        Path target = dir.resolve(root.relativize(contractFile).toString());
        Files.createDirectories(target.getParent());
        Files.copy(contractFile, target, StandardCopyOption.REPLACE_EXISTING);
        for (String ref : head.extendsRefs()) {
            if (ref.startsWith("builtin:")) {
                continue;
            }
            Path local = contractFile.getParent().resolve(ref).normalize();
            if (local.startsWith(root) && Files.isRegularFile(local)) {
                Path copy = dir.resolve(root.relativize(local).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(local, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    /** The build succeeded but left nothing to analyse (wrong --classes, or a commit before the module existed): recorded as a gap. */
    private static void noClasses(CommitInfo c, String repository, Contract head, String branchName, String command, String why,
                                  HistoryStore h, AuditProgress bar, int index, int total, String label, Counts counts) {
        counts.failed++;
        h.recordFailure(new HistoryStore.BuildFailure(repository, c.id(), head.hash(), c.time().toString(), branchName, "no-classes", 0,
                command, why));
        bar.done(index, total, label, "built, but nothing to analyse (recorded): " + why);
    }

    /** First-parent commits of the branch, selected and sampled, oldest first. */
    private List<CommitInfo> select(Path root) {
        String tip = branch != null ? branch : "";
        String stopAt = "";
        if (range != null) {
            int dots = range.indexOf("..");
            if (dots < 0 || range.contains("...")) {
                throw new ArchgovCommand.UsageException("--range: '" + range + "' is not A..B");
            }
            stopAt = range.substring(0, dots);
            if (dots + 2 < range.length()) {
                tip = range.substring(dots + 2);
            }
        }
        boolean chosen = since != null || last != null || range != null;
        int limit = last != null ? last : chosen ? MAX_WALK : DEFAULT_LAST;
        Optional<Instant> from = Optional.ofNullable(since).map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant());
        List<CommitInfo> newestFirst = new ArrayList<>(GitContext.firstParentLog(root, tip, stopAt, limit, from));
        List<CommitInfo> sampled = new ArrayList<>();
        if (every != null) {
            for (int i = 0; i < newestFirst.size(); i += every) {
                sampled.add(newestFirst.get(i));
            }
        } else if (per != null) {
            java.util.Set<String> periods = new java.util.HashSet<>();
            for (CommitInfo c : newestFirst) {
                if (periods.add(period(c.time()))) {
                    sampled.add(c); // the newest of its period
                }
            }
        } else {
            sampled.addAll(newestFirst);
        }
        java.util.Collections.reverse(sampled);
        return sampled;
    }

    private String period(Instant time) {
        var day = time.atZone(ZoneOffset.UTC).toLocalDate();
        return switch (per) {
            case "day" -> day.toString();
            case "week" -> day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            default -> day.getYear() + "-" + day.getMonthValue();
        };
    }

    /** The commit's report, else its recorded failure; nothing for a commit the audit did not reach (interrupted). */
    private static Optional<Trend.Input> trendInput(CommitInfo c, Optional<HistoryStore.Stored> stored, HistoryStore.BuildFailure f) {
        if (stored.isPresent()) {
            return Optional.of(new Trend.Input(c.id(), c.time().toString(), c.subject(), Optional.of(stored.get().report()), Optional.empty()));
        }
        if (f == null) {
            return Optional.empty(); // not audited (an interrupted run)
        }
        return Optional.of(new Trend.Input(c.id(), c.time().toString(), c.subject(), Optional.empty(), Optional.of(new Trend.Failure(c.id(),
                c.shortId(), c.time().toString(), c.subject(), f.kind(), f.exitCode(), f.command(), f.logTail()))));
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
                g.shortId(), abbreviate(g.subject()), g.scoreBefore(), g.scoreAfter(), g.introduced().size(),
                g.introduced().size() == 1 ? "" : "s", g.introduced().isEmpty() ? "" : " (" + g.introduced().get(0).ruleId()
                        + (g.introduced().size() > 1 ? ", …" : "") + ")"));
        t.failures().forEach(f -> out.printf("  build %s %s %s%n", "timeout".equals(f.kind()) ? "timed out at" : "failed at", f.shortId(),
                abbreviate(f.subject())));
    }

    private static String abbreviate(String s) {
        return s.length() <= 50 ? s : s.substring(0, 49) + "…";
    }

    private static String lastLine(String log) {
        String[] lines = log.strip().split("\n");
        return lines.length == 0 ? "" : abbreviate(lines[lines.length - 1].strip());
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
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
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 1h)");
            }
        }
    }
}
