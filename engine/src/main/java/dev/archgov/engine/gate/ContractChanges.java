package dev.archgov.engine.gate;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.contract.Suppression;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.engine.load.YamlSource;
import dev.archgov.engine.workspace.Builds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the head's contract (which a pull request controls) differs from the base's in ways that let more through:
 * rules removed or disabled, severities lowered, parameters changed, suppressions added, analysed code excluded,
 * score weights or the gate's own policy changed. The gate lists each and fails unless the base's contract allows
 * contract changes ({@code gate.allowContractChanges: true}).
 */
public final class ContractChanges {
    static final int MAX_FILES = 32;

    private ContractChanges() {
    }

    /** Each change of {@code head} against {@code base} that could let a violation through, in words; empty when none. */
    public static List<String> weakenings(Contract base, Contract head) {
        List<String> changes = new ArrayList<>();
        Map<String, RuleSpec> now = head.rules().stream().collect(Collectors.toMap(RuleSpec::id, Function.identity(), (a, b) -> b));
        for (RuleSpec was : base.rules()) {
            if (!was.enabled()) {
                continue;
            }
            RuleSpec is = now.get(was.id());
            if (is == null) {
                changes.add("rule " + was.id() + " removed");
            } else if (!is.enabled()) {
                changes.add("rule " + was.id() + " disabled");
            } else {
                if (is.severity().ordinal() > was.severity().ordinal()) {
                    changes.add("rule " + was.id() + ": severity lowered from " + was.severity().label() + " to " + is.severity().label());
                }
                if (!is.params().asMap().equals(was.params().asMap())) {
                    changes.add("rule " + was.id() + ": parameters changed");
                }
                if (!is.kind().equals(was.kind())) {
                    changes.add("rule " + was.id() + ": kind changed from " + was.kind() + " to " + is.kind());
                }
            }
        }
        Set<String> before = new HashSet<>();
        base.suppressions().forEach(s -> before.add(key(s)));
        for (Suppression s : head.suppressions()) {
            if (!before.contains(key(s))) {
                changes.add("suppression added: rule " + s.rule() + " where " + s.where() + " (" + s.reason() + ")");
            }
        }
        Set<String> excluded = new HashSet<>(base.analyze().exclude());
        head.analyze().exclude().stream().filter(e -> !excluded.contains(e)).forEach(e -> changes.add("analyze.exclude adds " + e));
        if (head.analyze().includeTests() != base.analyze().includeTests()) {
            changes.add("analyze.includeTests changed to " + head.analyze().includeTests());
        }
        if (!head.scoring().equals(base.scoring())) {
            changes.add("scoring weights changed");
        }
        gate(base.gate(), head.gate(), changes);
        return changes;
    }

    private static void gate(GatePolicy base, GatePolicy head, List<String> changes) {
        if (head.failOnNew().ordinal() > base.failOnNew().ordinal()) {
            changes.add("gate.failOnNew lowered from " + base.failOnNew().label() + " to " + head.failOnNew().label());
        }
        if (!head.minScore().equals(base.minScore())) {
            changes.add("gate.minScore changed from " + text(base.minScore()) + " to " + text(head.minScore()));
        }
        if (!head.maxDrop().equals(base.maxDrop())) {
            changes.add("gate.maxDrop changed from " + text(base.maxDrop()) + " to " + text(head.maxDrop()));
        }
        if (head.allowContractChanges() != base.allowContractChanges()) {
            changes.add("gate.allowContractChanges changed to " + head.allowContractChanges());
        }
    }

    private static String text(Optional<Double> v) {
        return v.map(d -> String.format(Locale.ROOT, "%s", d)).orElse("none");
    }

    private static String key(Suppression s) {
        return s.rule() + "\u0000" + s.where();
    }

    /**
     * The base commit's own version of the contract at the head contract's path (and the local files it extends),
     * read from git and loaded without checking its paths; empty when the commit has no contract there. A contract
     * that does not load is a {@link ContractException}.
     */
    static Optional<Contract> atCommit(Path root, String commit, Path headContract) throws IOException {
        Path top = root.toAbsolutePath().normalize();
        String rel = top.relativize(headContract.toAbsolutePath().normalize()).toString().replace('\\', '/');
        Path dir = Files.createTempDirectory("archgov-base-contract-");
        try {
            Files.createDirectories(dir.resolve(".git")); // the copy's repository root: extends stay inside it
            List<String> pending = new ArrayList<>(List.of(rel));
            Set<String> seen = new HashSet<>();
            while (!pending.isEmpty() && seen.size() < MAX_FILES) {
                String file = pending.remove(0);
                if (!seen.add(file)) {
                    continue;
                }
                Optional<byte[]> bytes = GitContext.fileAt(top, commit, file);
                if (bytes.isEmpty()) {
                    if (file.equals(rel)) {
                        return Optional.empty();
                    }
                    continue; // the loader says what is missing
                }
                Path copy = dir.resolve(file).normalize();
                if (!copy.startsWith(dir)) {
                    continue;
                }
                Files.createDirectories(copy.getParent());
                Files.write(copy, bytes.get());
                String text = new String(bytes.get(), StandardCharsets.UTF_8);
                for (String ref : YamlSource.topLevelTexts(file, text, "extends")) {
                    if (!ref.startsWith(ContractLoader.BUILTIN_PREFIX)) {
                        Path parent = Path.of(file).getParent();
                        String next = (parent == null ? Path.of(ref) : parent.resolve(ref)).normalize().toString().replace('\\', '/');
                        if (!next.startsWith("..")) {
                            pending.add(next);
                        }
                    }
                }
            }
            return Optional.of(Archgov.contract(dir.resolve(rel)));
        } finally {
            Builds.quietlyDelete(dir);
        }
    }
}
