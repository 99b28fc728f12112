package dev.archgov.engine.audit;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.RequestException;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.git.GitContext.CommitInfo;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.history.History;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.imports.AnalysisInputException;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.ToolVersion;
import dev.archgov.engine.report.format.RepositoryLinks;
import dev.archgov.engine.report.format.JsonReportWriter;
import dev.archgov.engine.trend.Trend;
import dev.archgov.engine.workspace.BuildLogs;
import dev.archgov.engine.workspace.Builds;
import dev.archgov.engine.workspace.CommitWorkspace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An audit over git history: for each selected commit, its tree exported aside ({@link CommitWorkspace}), built,
 * analysed with the running contract (or its earlier analysis reused when the class set is identical) and recorded in
 * the history store; a failed build, an export that fails or a build that leaves no classes is recorded as a gap and
 * the audit goes on. Commits already recorded for the same contract are skipped. The result is the trend.
 */
public final class Audit {
    /** {@code -Darchgov.audit.gcBetweenCommits=true}: a full collection after each commit, for measuring the live heap. */
    private static final boolean GC_BETWEEN_COMMITS = Boolean.getBoolean("archgov.audit.gcBetweenCommits");

    private final Request request;
    private final Listener listener;
    private final Counts counts = new Counts();
    private final Set<String> notified = new HashSet<>();

    /**
     * What the audit is asked.
     *
     * @param contractFile the running contract: every commit is judged by it
     * @param selection    which commits
     * @param build        the build command (default: the contract's {@code build:}, else one guessed from the tree)
     * @param classes      where the built classes are, relative to the commit's root (default: the contract's)
     * @param timeout      a bound on each build
     * @param retryFailed  build again the commits recorded as failed
     * @param history      the history store (default: {@code .archgov/history.db} at the repository root; or a shared database)
     * @param shard        build only this shard's commits ({@link AuditShard}); the others are left to the other shards
     * @param branchName   the branch the reports are recorded under when the selection walks from a commit id (a fleet
     *                     job audits one commit of a branch); default: the selection's branch, else the checked-out one
     */
    public record Request(Path contractFile, AuditSelection selection, Optional<String> build, Optional<List<String>> classes,
                          Optional<Duration> timeout, boolean retryFailed, Optional<HistoryLocation> history, Optional<AuditShard> shard,
                          Optional<String> branchName) {
        public Request(Path contractFile, AuditSelection selection, Optional<String> build, Optional<List<String>> classes,
                       Optional<Duration> timeout, boolean retryFailed, Optional<HistoryLocation> history) {
            this(contractFile, selection, build, classes, timeout, retryFailed, history, Optional.empty(), Optional.empty());
        }

        public Request(Path contractFile, AuditSelection selection, Optional<String> build, Optional<List<String>> classes,
                       Optional<Duration> timeout, boolean retryFailed, Optional<HistoryLocation> history, Optional<AuditShard> shard) {
            this(contractFile, selection, build, classes, timeout, retryFailed, history, shard, Optional.empty());
        }
    }

    /** What the audit plans before it builds anything. */
    public record Plan(int selected, String branch, int stored, int failedBefore, int todo, boolean retryFailed, int otherShards) {
    }

    /** How the commits fared. */
    public static final class Counts {
        int stored;
        int failedBefore;
        int built;
        int analysed;
        int reused;
        int failed;

        public int stored() {
            return stored;
        }

        public int failedBefore() {
            return failedBefore;
        }

        public int built() {
            return built;
        }

        public int analysed() {
            return analysed;
        }

        public int reused() {
            return reused;
        }

        public int failed() {
            return failed;
        }
    }

    /** The trend and how the commits fared. */
    public record Outcome(Trend trend, Counts counts, long millis) {
    }

    /** Where progress goes (a bar on a terminal, lines in CI). */
    public interface Listener {
        /** The plan, before the first build. */
        void planned(Plan plan);

        /** Commit {@code index} of {@code total} is at {@code step}. */
        void status(int index, int total, String commit, String step);

        /** Commit {@code index} of {@code total} is done. */
        void done(int index, int total, String commit, String outcome);

        /** A one-line notice. */
        void notice(String message);
    }

    private Audit(Request request, Listener listener) {
        this.request = request;
        this.listener = listener;
    }

    public static Outcome run(Request request, Listener listener) throws IOException {
        return new Audit(request, listener).run();
    }

    private Outcome run() throws IOException {
        Path contractFile = request.contractFile().toAbsolutePath().normalize();
        Contract head = Archgov.contract(contractFile); // invalid contract: exit 2 before any build
        Path root = GitContext.root(contractFile.getParent()).map(p -> p.toAbsolutePath().normalize())
                .orElseThrow(() -> new RequestException(contractFile + ": not in a git repository; the audit walks its history"));
        String branch = request.branchName().or(() -> request.selection().branch()).orElseGet(() -> GitContext.currentBranch(root));
        List<CommitInfo> selected = request.selection().select(root);
        if (selected.isEmpty()) {
            throw new RequestException("no commit selected (check --since, --last, --range and --branch)");
        }
        HistoryLocation store = request.history().orElse(HistoryLocation.file(root.resolve(".archgov").resolve("history.db")));
        String repository = GitContext.describe(root, selected.get(0), branch).repository();
        long started = System.nanoTime();
        Map<String, Trend.Input> inputs = new LinkedHashMap<>();
        try (HistoryStore h = store.open()) {
            Map<String, HistoryStore.BuildFailure> failed = h.failures(repository, head.hash());
            List<CommitInfo> todo = new ArrayList<>();
            int otherShards = 0;
            for (int p = 0; p < selected.size(); p++) {
                CommitInfo c = selected.get(p);
                if (h.exact(repository, c.id(), head.hash()).isPresent()) {
                    counts.stored++;
                } else if (failed.containsKey(c.id()) && !request.retryFailed()) {
                    counts.failedBefore++;
                } else if (request.shard().isPresent() && !request.shard().get().takes(p)) {
                    otherShards++; // another shard builds it
                } else {
                    todo.add(c);
                }
            }
            listener.planned(new Plan(selected.size(), branch, counts.stored, counts.failedBefore, todo.size(), request.retryFailed(), otherShards));
            Commits commits = new Commits(root, head, branch, repository, h);
            for (int i = 0; i < todo.size(); i++) {
                commits.audit(todo.get(i), i + 1, todo.size());
                if (GC_BETWEEN_COMMITS) {
                    System.gc(); // bench/audit-heap.sh reads the live heap after each commit from the GC log
                }
            }
            Map<String, HistoryStore.BuildFailure> failures = h.failures(repository, head.hash()); // as the run left them
            for (CommitInfo c : selected) {
                trendInput(c, h.exact(repository, c.id(), head.hash()), failures.get(c.id())).ifPresent(in -> inputs.put(c.id(), in));
            }
        }
        Trend trend = Trend.of(head.name(), repository, branch, Instant.now().toString(), ToolVersion.get(), new ArrayList<>(inputs.values()),
                RepositoryLinks.of(repository, head.links()));
        return new Outcome(trend, counts, (System.nanoTime() - started) / 1_000_000);
    }

    /** The commits of one audit: the repository, the running contract and the store they are recorded in. */
    private final class Commits {
        private final Path root;
        private final Contract head;
        private final String branch;
        private final String repository;
        private final HistoryStore store;

        Commits(Path root, Contract head, String branch, String repository, HistoryStore store) {
            this.root = root;
            this.head = head;
            this.branch = branch;
            this.repository = repository;
            this.store = store;
        }

        /** Export, build, analyse (or reuse) and record one commit; a failure is recorded, not thrown. */
        void audit(CommitInfo c, int index, int total) throws IOException {
            String label = c.shortId() + " " + abbreviate(c.subject());
            listener.status(index, total, label, "exporting");
            CommitWorkspace ws;
            try {
                ws = CommitWorkspace.export(root, c.id());
            } catch (GitContext.GitException e) { // e.g. a path this file system refuses: a gap, not the end of the audit
                gap(c, "export-failed", 0, "git export", e.getMessage());
                listener.done(index, total, label, "its tree could not be exported (recorded): " + e.getMessage());
                return;
            }
            try (ws) {
                if (!ws.tree().submodules().isEmpty() && notified.add(String.join(",", ws.tree().submodules()))) {
                    listener.notice(c.shortId() + ": " + ws.tree().notice()); // once per set of submodules, not per commit
                }
                Path contract;
                try {
                    contract = ws.placeContract(head, root);
                } catch (CommitWorkspace.RefusedTree e) {
                    gap(c, "export-failed", 0, "placing the contract", e.getMessage());
                    listener.done(index, total, label, "its tree was refused (recorded): " + e.getMessage());
                    return;
                }
                String command = ws.buildCommand(request.build(), head.gate().build()).orElseThrow(() -> new RequestException("no build command for "
                        + c.shortId() + ": give --build CMD or set 'build:' in the contract (no pom.xml or gradlew beside the contract)"));
                // the command comes from the command line or the running contract (the auditor's), never from the commit
                listener.status(index, total, label, "building: " + command + (request.build().isPresent() ? " (--build)"
                        : head.gate().build().isPresent() ? " (the running contract's build:)" : " (guessed from the tree's files)"));
                Builds.Outcome built = ws.build(command, request.timeout());
                if (built.interrupted()) { // Ctrl-C or a CI cancel reached the build first: stop, record nothing for it
                    throw new Interrupted(c.shortId(), built.exitCode());
                }
                if (!built.ok()) {
                    gap(c, built.timedOut() ? "timeout" : "failed", built.exitCode(), command, built.tail());
                    listener.done(index, total, label, built.timedOut() ? "build timed out after " + seconds(built.millis()) + " (recorded)"
                            : "build failed, exit " + built.exitCode() + " (recorded): " + abbreviate(BuildLogs.firstCause(built.logTail()).orElse("")));
                    return;
                }
                counts.built++;
                listener.status(index, total, label, "analysing");
                analyse(c, ws, contract, command, index, total, label, built);
            }
        }

        private void analyse(CommitInfo c, CommitWorkspace ws, Path contract, String command, int index, int total, String label,
                             Builds.Outcome built) throws IOException {
            Path dir = ws.dir();
            Contract atCommit = Archgov.contract(contract);
            if (request.classes().isPresent()) {
                atCommit = Archgov.withClasses(atCommit, request.classes().get().stream().map(p -> dir.resolve(p).normalize()).toList());
            }
            List<String> missing = ws.missingClasses(atCommit);
            if (!missing.isEmpty()) {
                noClasses(c, command, "the build left no " + String.join(", ", missing), index, total, label);
                return;
            }
            String classHash = Archgov.classSetHash(atCommit, dir);
            GitInfo real = GitContext.describe(root, c, branch);
            GitInfo inExport = new GitInfo(true, dir.toString(), real.repository(), real.commit(), real.parents(), real.branch(),
                    real.detached(), real.author(), real.commitTime(), false, List.of());
            Optional<HistoryStore.Stored> same = store.byClassHash(repository, head.hash(), classHash);
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
                    noClasses(c, command, e.getMessage(), index, total, label);
                    return;
                }
                counts.analysed++;
                how = "analysed in " + seconds((System.nanoTime() - t) / 1_000_000);
            }
            report = History.withDelta(report, store, root);
            store.record(report, JsonReportWriter.toJsonText(report), classHash);
            Report recorded = report;
            listener.done(index, total, label, String.format(Locale.ROOT, "built in %s, %s: score %.1f%s, %d finding%s", seconds(built.millis()),
                    how, recorded.score().overall(), recorded.delta().map(d -> String.format(Locale.ROOT, " (%+.1f)", d.overall())).orElse(""),
                    recorded.findings().size(), recorded.findings().size() == 1 ? "" : "s"));
        }

        /** The build succeeded but left nothing to analyse (wrong --classes, or a commit before the module existed). */
        private void noClasses(CommitInfo c, String command, String why, int index, int total, String label) {
            gap(c, "no-classes", 0, command, why);
            listener.done(index, total, label, "built, but nothing to analyse (recorded): " + why);
        }

        private void gap(CommitInfo c, String kind, int exitCode, String command, String log) {
            counts.failed++;
            store.recordFailure(new HistoryStore.BuildFailure(repository, c.id(), head.hash(), c.time().toString(), branch, kind,
                    exitCode, command, log));
        }
    }

    /** The commit's report, else its recorded failure; nothing for a commit the audit did not reach (interrupted). */
    private static Optional<Trend.Input> trendInput(CommitInfo c, Optional<HistoryStore.Stored> stored, HistoryStore.BuildFailure f) {
        if (stored.isPresent()) {
            return Optional.of(new Trend.Input(c.id(), c.time().toString(), c.subject(), c.author(), Optional.of(stored.get().report()), Optional.empty()));
        }
        if (f == null) {
            return Optional.empty(); // not audited (an interrupted run)
        }
        return Optional.of(new Trend.Input(c.id(), c.time().toString(), c.subject(), c.author(), Optional.empty(), Optional.of(new Trend.Failure(c.id(),
                c.shortId(), c.time().toString(), c.subject(), f.kind(), f.exitCode(), f.command(), f.logTail()))));
    }

    /** At most 50 characters. */
    public static String abbreviate(String s) {
        return s.length() <= 50 ? s : s.substring(0, 49) + "…";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * The audit was interrupted while building a commit (its build ended by SIGINT, SIGTERM or SIGHUP): nothing is
     * recorded for that commit, and the command exits with the signal's code (130, 143, 129) after cleaning up.
     */
    public static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        Interrupted(String commit, int exitCode) {
            super("interrupted while building " + commit + " (its build ended with exit " + exitCode + "); nothing was recorded for it");
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
