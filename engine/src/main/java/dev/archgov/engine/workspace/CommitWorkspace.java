package dev.archgov.engine.workspace;

import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.load.YamlSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One commit's tree, exported aside to be built and analysed ({@code gate --analyze-base}, {@code audit}), and removed
 * afterwards on every exit path: a normal end, an exception, Ctrl-C or a kill (a shutdown hook stops a running build
 * with everything it started, then deletes the directory). The repository's work tree, index and branches are never
 * touched.
 *
 * <pre>{@code
 * try (CommitWorkspace ws = CommitWorkspace.export(root, commit)) {
 *     Path contract = ws.placeContract(head, root);   // the same rules on every commit
 *     Builds.Outcome built = ws.build(command, timeout);
 *     ...
 * }
 * }</pre>
 */
public final class CommitWorkspace implements AutoCloseable {
    private final Path dir;
    private final GitContext.Exported tree;
    private final Thread cleanup;
    private Path contract;

    private CommitWorkspace(Path dir, GitContext.Exported tree, Thread cleanup) {
        this.dir = dir;
        this.tree = tree;
        this.cleanup = cleanup;
    }

    /** The name every workspace directory of this process starts with: a leftover one names the process that made it. */
    public static String prefix() {
        return "archgov-commit-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Exports {@code commit} of the repository at {@code root} into a new temporary directory.
     *
     * @throws GitContext.GitException when the tree cannot be exported (the directory is already removed then)
     */
    public static CommitWorkspace export(Path root, String commit) throws IOException {
        Path dir = Files.createTempDirectory(prefix());
        Thread cleanup = new Thread(() -> {
            Builds.stopRunning();
            Builds.quietlyDelete(dir);
        }, "archgov-workspace-cleanup"); // Ctrl-C and kill skip finally blocks
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return new CommitWorkspace(dir, GitContext.export(root, commit, dir), cleanup);
        } catch (RuntimeException e) {
            remove(dir, cleanup);
            throw e;
        }
    }

    /** Where the tree is. */
    public Path dir() {
        return dir;
    }

    /** What the export wrote, and the submodules it left out. */
    public GitContext.Exported tree() {
        return tree;
    }

    /**
     * Writes the running contract and every local file it is made of (what it {@code extends}, transitively) into the
     * tree at the same places relative to {@code root}, replacing the commit's own: every commit is judged by the same
     * rules, so the contract hash stays the same and fingerprints compare across commits.
     *
     * @return the contract's path inside the tree
     */
    public Path placeContract(Contract running, Path root) throws IOException {
        Path top = root.toAbsolutePath().normalize();
        for (Path file : running.files()) {
            Path source = file.toAbsolutePath().normalize();
            if (!source.startsWith(top)) {
                throw new IOException(source + ": the contract is made of a file outside the repository " + top
                        + "; an exported commit cannot hold it");
            }
            Path copy = dir.resolve(top.relativize(source).toString());
            Optional<Path> link = GitContext.linkOnTheWay(dir, copy);
            if (link.isPresent()) { // the commit could point the contract, and the build run beside it, anywhere
                throw new RefusedTree("the commit's tree has a symbolic link at '" + dir.relativize(link.get()) + "' where the contract "
                        + top.relativize(source) + " belongs; refused (it would write the contract and run the build outside the export)");
            }
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        contract = dir.resolve(top.relativize(running.file().toAbsolutePath().normalize()).toString());
        return contract;
    }

    /** The directory builds run in: the placed contract's. */
    public Path contractDir() {
        if (contract == null) {
            throw new IllegalStateException("place the contract first");
        }
        return contract.getParent();
    }

    /**
     * The build command for this tree: {@code given}, else {@code contractBuild} (the {@code build:} of a contract the
     * caller trusts), else one guessed from the tree's files beside the contract.
     */
    public Optional<String> buildCommand(Optional<String> given, Optional<String> contractBuild) {
        return Builds.command(given, contractBuild, contractDir());
    }

    /**
     * The {@code build:} of the commit's own version of the running contract (same path), read before
     * {@link #placeContract} replaces it: what the commit itself says builds it. Empty when the commit has no such file,
     * it is not a regular file inside the tree, or it has no {@code build:}.
     */
    public Optional<String> committedBuild(Contract running, Path root) {
        Path top = root.toAbsolutePath().normalize();
        Path own = dir.resolve(top.relativize(running.file().toAbsolutePath().normalize()).toString());
        if (GitContext.linkOnTheWay(dir, own).isPresent() || !Files.isRegularFile(own, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return YamlSource.topLevelText(own.toString(), Files.readString(own), "build");
        } catch (IOException e) {
            return Optional.empty(); // not text: nothing the commit says about its build
        }
    }

    /** Runs {@code command} in the contract's directory of the tree. */
    public Builds.Outcome build(String command, Optional<Duration> timeout) {
        return Builds.run(contractDir(), command, timeout);
    }

    /** The analysed class paths of {@code atCommit} that the build did not produce, relative to the tree. */
    public List<String> missingClasses(Contract atCommit) {
        return atCommit.analyze().classes().stream().filter(e -> !Files.exists(e.path()))
                .map(e -> dir.relativize(e.path().toAbsolutePath().normalize()).toString()).toList();
    }

    /** Removes the tree. */
    @Override
    public void close() {
        remove(dir, cleanup);
    }

    private static void remove(Path dir, Thread cleanup) {
        Builds.quietlyDelete(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    /** The commit's tree cannot be used safely (a link where the contract belongs): a gap in an audit, a failure in a gate. */
    public static final class RefusedTree extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedTree(String message) {
            super(message);
        }
    }
}
