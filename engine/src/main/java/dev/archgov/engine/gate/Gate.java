package dev.archgov.engine.gate;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.RequestException;
import dev.archgov.engine.contract.AnalysisOverride;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.history.History;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.history.SqliteHistoryStore;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Delta;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.io.BaselineFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The pre-merge gate: the work tree analysed and compared with its base (the report recorded for the merge-base, the
 * merge-base built and analysed aside, or the baseline file), judged by the contract's gate policy.
 */
public final class Gate {
    private Gate() {
    }

    /**
     * What the gate is asked.
     *
     * @param contractFile the head's contract
     * @param baseRef      the branch or commit the change merges into
     * @param baseline     the fallback baseline file (default: {@code archgov-baseline.json} beside the contract, if present)
     * @param analyzeBase  build and analyse the merge-base when nothing is recorded for it: empty = no; a present empty
     *                     string = with the contract's or a guessed build command; otherwise that command
     * @param changedOnly  new findings outside the files the change touched do not fail
     * @param history      the history store (default: {@code .archgov/history.db} at the repository root)
     * @param cache        use the result cache
     */
    public record Request(Path contractFile, String baseRef, Optional<Path> baseline, Optional<String> analyzeBase,
                          boolean changedOnly, Optional<HistoryLocation> history, boolean cache, AnalysisOverride analysis, boolean full) {
        public Request(Path contractFile, String baseRef, Optional<Path> baseline, Optional<String> analyzeBase,
                       boolean changedOnly, Optional<HistoryLocation> history, boolean cache, AnalysisOverride analysis) {
            this(contractFile, baseRef, baseline, analyzeBase, changedOnly, history, cache, analysis, false);
        }

        public Request(Path contractFile, String baseRef, Optional<Path> baseline, Optional<String> analyzeBase,
                       boolean changedOnly, Optional<HistoryLocation> history, boolean cache) {
            this(contractFile, baseRef, baseline, analyzeBase, changedOnly, history, cache, AnalysisOverride.NONE);
        }
    }

    /** What the head is compared with: the base's findings, a label saying where they came from, and its score if known. */
    public record Base(List<BaselineEntry> entries, String label, Optional<Report> report) {
        static Base of(Report before, String label) {
            List<BaselineEntry> entries = new ArrayList<>();
            before.findings().forEach(f -> entries.add(BaselineEntry.of(f)));
            before.baselined().forEach(f -> entries.add(BaselineEntry.of(f)));
            return new Base(entries, label, Optional.of(before));
        }

        /** The base's overall score, when the base is a report (a baseline file has none). */
        public Optional<Double> score() {
            return report.map(r -> r.score().overall());
        }
    }

    /**
     * The gate's verdict.
     *
     * @param head      the work tree's report
     * @param gated     the head against the base: {@code findings} are the new ones, {@code baselined} the unchanged ones,
     *                  {@code staleBaseline} the fixed ones
     * @param compared  the base
     * @param mergeBase the merge-base of HEAD and the base ref, when git knows it
     * @param outside   new findings outside the changed files (with {@code changedOnly}; they do not fail)
     * @param weakened  how the head's contract lets more through than the merge-base's (see {@link ContractChanges})
     * @param goneWithContract base findings that are gone because the head's contract disabled, removed or suppressed
     *                  them: not fixed, and not in {@code gated.staleBaseline}
     * @param failures  why the gate failed; empty when it passed
     */
    public record Outcome(Report head, Report gated, Base compared, GitContext.MergeBase mergeBase, List<Finding> outside,
                          List<String> weakened, List<BaselineEntry> goneWithContract, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Where the gate's progress and warnings go (standard error on the command line). */
    public interface Listener {
        /** A one-line notice or warning. */
        void notice(String message);

        /** A line of a failed build's log. */
        void logLine(String line);
    }

    public static Outcome run(Request request, Listener listener) throws IOException {
        Path contractFile = request.contractFile();
        Contract contract = Archgov.contract(contractFile, request.analysis());
        GatePolicy policy = contract.gate();
        Report head = Archgov.check(contractFile, request.analysis(), new CheckRunner.Options(policy.failOnNew(), LocalDate.now(), true,
                request.cache() ? ResultCache.defaultDir() : Optional.empty(), request.full()));
        Path contractDir = contractFile.toAbsolutePath().getParent();
        GitContext.MergeBase mergeBase = GitContext.mergeBase(contractDir, request.baseRef());
        Base compared = mergeBase.commit().flatMap(commit -> recorded(request, head, contractDir, commit)).orElse(null);
        if (compared == null && request.analyzeBase().isPresent() && mergeBase.commit().isPresent()) {
            Optional<String> build = request.analyzeBase().filter(b -> !b.isEmpty());
            compared = BaseAnalysis.run(contract, mergeBase.commit().get(), build, request.analysis(), listener);
        }
        if (compared == null) {
            if (!mergeBase.message().isEmpty()) {
                listener.notice("warning: " + mergeBase.message() + "; comparing with the baseline file instead");
            }
            compared = fromBaselineFile(request, contractDir).orElseThrow(() -> new RequestException("no base to compare with: "
                    + mergeBase.commit().map(c -> "no report recorded for the merge-base " + c.substring(0, 12) + " (run archgov check --record on "
                    + request.baseRef() + ")").orElse(mergeBase.message()) + ", and no baseline file (archgov baseline)"));
        }
        Report explained = head.withDelta(compared.report().map(before -> // the score's change and its cause
                Delta.between(mergeBase.commit().orElse(before.git().commit()), before, head)));
        Report gated = explained.withBaseline(compared.entries());
        List<Finding> outside = List.of();
        if (request.changedOnly()) {
            if (mergeBase.commit().isEmpty()) {
                listener.notice("warning: --changed-only needs the merge-base; every new finding counts");
            } else {
                Set<String> changed = GitContext.changedSince(contractDir, mergeBase.commit().get());
                // a finding without a source path cannot be placed: it stays in the change
                outside = gated.findings().stream().filter(f -> !f.path().isEmpty() && !changed.contains(f.path())).toList();
                if (!outside.isEmpty()) {
                    List<BaselineEntry> entries = new ArrayList<>(compared.entries());
                    outside.forEach(f -> entries.add(BaselineEntry.of(f)));
                    outside.forEach(f -> listener.notice("new outside the changed files (not failing): "
                            + f.ruleId() + " " + f.location() + " " + f.element()));
                    gated = explained.withBaseline(entries);
                }
            }
        }
        // a pull request controls the head's contract: what it changed to let more through is listed and, unless the
        // base's own contract allows it, fails the gate; findings it made disappear are not "fixed"
        List<String> weakened = List.of();
        boolean allowed = false;
        if (mergeBase.commit().isPresent()) {
            Path root = GitContext.root(contractDir).orElse(contractDir);
            try {
                Optional<Contract> baseContract = ContractChanges.atCommit(root, mergeBase.commit().get(), contractFile);
                if (baseContract.isPresent()) {
                    weakened = ContractChanges.weakenings(baseContract.get(), contract);
                    allowed = baseContract.get().gate().allowContractChanges();
                } else {
                    listener.notice("notice: the merge-base has no contract at this path: the contract is new, nothing to compare it with");
                }
            } catch (ContractException e) {
                listener.notice("warning: the merge-base's contract does not load with this archgov (" + e.getMessage().lines().findFirst().orElse("")
                        + "); the contract's changes are not checked");
            }
        }
        weakened.forEach(w -> listener.notice("contract changed: " + w));
        Set<String> enabled = new HashSet<>();
        contract.rules().stream().filter(RuleSpec::enabled).forEach(r -> enabled.add(r.id()));
        Set<String> suppressedNow = new HashSet<>();
        head.suppressed().forEach(x -> suppressedNow.add(x.finding().fingerprint()));
        List<BaselineEntry> goneWithContract = gated.staleBaseline().stream()
                .filter(e -> !enabled.contains(e.ruleId()) || suppressedNow.contains(e.fingerprint())).toList();
        if (!goneWithContract.isEmpty()) {
            Set<BaselineEntry> gone = new HashSet<>(goneWithContract);
            gated = gated.toBuilder().staleBaseline(gated.staleBaseline().stream().filter(e -> !gone.contains(e)).toList()).build();
        }
        List<String> failures = failures(policy, explained, gated, compared);
        if (!weakened.isEmpty() && !allowed) {
            failures.add("the contract lets more through than the merge-base's (" + weakened.size() + " change" + (weakened.size() == 1 ? "" : "s")
                    + " listed above); set gate.allowContractChanges: true in the base branch's contract to accept such changes");
        }
        return new Outcome(explained, gated, compared, mergeBase, outside, weakened, goneWithContract, failures);
    }

    private static List<String> failures(GatePolicy policy, Report head, Report gated, Base compared) {
        List<String> failures = new ArrayList<>();
        if (gated.failing() > 0) {
            failures.add(gated.failing() + " new finding" + (gated.failing() == 1 ? "" : "s") + " at or above " + policy.failOnNew().label());
        }
        double score = head.score().overall();
        policy.minScore().filter(min -> score < min).ifPresent(min ->
                failures.add(String.format(Locale.ROOT, "score %.1f is below the minimum %.1f", score, min)));
        policy.maxDrop().ifPresent(max -> compared.score().filter(s -> s - score > max).ifPresent(s ->
                failures.add(String.format(Locale.ROOT, "score dropped %.1f points (more than %.1f)", s - score, max))));
        return failures;
    }

    private static Optional<Base> recorded(Request request, Report head, Path contractDir, String commit) {
        HistoryLocation store = request.history().orElseGet(() -> HistoryLocation.file(History.defaultFile(head, contractDir)));
        if (!store.exists()) {
            return Optional.empty();
        }
        try (HistoryStore h = store.openForReading()) {
            return h.firstOf(SqliteHistoryStore.repositoryOf(head), List.of(commit), head.contract().hash()).map(stored ->
                    Base.of(stored.report(), "the report recorded for " + commit.substring(0, 12)));
        }
    }

    private static Optional<Base> fromBaselineFile(Request request, Path contractDir) {
        Path file = request.baseline().orElse(contractDir.resolve("archgov-baseline.json"));
        if (request.baseline().isEmpty() && !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Base(BaselineFile.read(file), "the baseline file " + file, Optional.empty()));
        } catch (IOException e) {
            throw new RequestException(e.getMessage());
        }
    }
}
