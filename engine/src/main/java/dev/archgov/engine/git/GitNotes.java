package dev.archgov.engine.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One-line summaries as git notes under {@code refs/notes/archgov}, so that {@code git log --notes=archgov} shows the
 * trend without archgov. Only written when asked ({@code --notes}); touches no branch, index or work tree.
 */
public final class GitNotes {
    public static final String REF = "refs/notes/archgov";

    private GitNotes() {
    }

    public static void add(Path start, String commit, String message) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toAbsolutePath().toFile());
        if (builder.getGitDir() == null || commit.isEmpty()) {
            throw new GitContext.GitException("--notes needs a git repository with at least one commit", null);
        }
        try (Repository repo = builder.build(); Git git = new Git(repo); RevWalk walk = new RevWalk(repo)) {
            git.notesAdd().setNotesRef(REF).setObjectId(walk.parseCommit(ObjectId.fromString(commit))).setMessage(message).call();
        } catch (IOException | GitAPIException e) {
            throw new GitContext.GitException("cannot write the git note: " + e.getMessage(), e);
        }
    }

    public static String read(Path start, String commit) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toAbsolutePath().toFile());
        try (Repository repo = builder.build(); Git git = new Git(repo); RevWalk walk = new RevWalk(repo)) {
            var note = git.notesShow().setNotesRef(REF).setObjectId(walk.parseCommit(ObjectId.fromString(commit))).call();
            return note == null ? "" : new String(repo.open(note.getData()).getBytes(), StandardCharsets.UTF_8);
        } catch (IOException | GitAPIException e) {
            throw new GitContext.GitException("cannot read the git note: " + e.getMessage(), e);
        }
    }
}
