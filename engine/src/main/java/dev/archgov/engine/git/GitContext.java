package dev.archgov.engine.git;

import dev.archgov.engine.report.GitInfo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The one entry point for git: finds the repository around a path and reads the commit. Read-only. */
public final class GitContext {
    private GitContext() {
    }

    /** The repository's work-tree root containing {@code start}, if any. */
    public static Optional<Path> root(Path start) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(start.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        return Optional.of(builder.getGitDir().toPath().getParent());
    }

    public static GitInfo read(Path start) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return GitInfo.none();
        }
        try (Repository repo = builder.build(); Git git = new Git(repo)) {
            ObjectId head = repo.resolve("HEAD");
            String full = repo.getFullBranch();
            boolean detached = full != null && !full.startsWith("refs/");
            String branch = detached || full == null ? "" : Repository.shortenRefName(full);
            boolean dirty = head != null && !git.status().call().isClean();
            return new GitInfo(true, repo.getWorkTree().toPath().toString(), head == null ? "" : head.name(), branch, detached, dirty);
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot read git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
    }
}
