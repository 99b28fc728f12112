package dev.archgov.engine.git;

import dev.archgov.engine.contract.PrintableText;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The one entry point for git: finds the repository around a path and reads the commit. Read-only. */
public final class GitContext {
    private static final Pattern CREDENTIALS = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");
    private static final int MAX_DIRTY_FILES = 100;

    private GitContext() {
    }

    /** The repository around {@code start}, found by walking up from it; empty outside git. */
    private static Optional<FileRepositoryBuilder> locate(Path start) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toAbsolutePath().toFile());
        return builder.getGitDir() == null ? Optional.empty() : Optional.of(builder);
    }

    /** As {@link #locate}, for operations that need a repository: outside git a {@link GitException} saying why. */
    private static FileRepositoryBuilder required(Path start, String why) {
        return locate(start).orElseThrow(() -> new GitException(start + ": not in a git repository" + why, null));
    }

    /** The repository's work-tree root containing {@code start}, if any. */
    public static Optional<Path> root(Path start) {
        return locate(start).map(b -> b.getGitDir().toPath().getParent());
    }

    public static GitInfo read(Path start) {
        FileRepositoryBuilder builder = locate(start).orElse(null);
        if (builder == null) {
            return GitInfo.none();
        }
        try (Repository repo = builder.build(); Git git = new Git(repo); RevWalk walk = new RevWalk(repo)) {
            Path root = repo.getWorkTree().toPath();
            String repository = repositoryId(repo, root);
            ObjectId head = repo.resolve("HEAD");
            String full = repo.getFullBranch();
            boolean detached = full != null && !full.startsWith("refs/");
            String branch = detached || full == null ? "" : Repository.shortenRefName(full);
            Status status = git.status().call();
            TreeSet<String> dirty = new TreeSet<>(status.getUncommittedChanges());
            dirty.addAll(status.getUntracked());
            List<String> dirtyFiles = dirty.stream().limit(MAX_DIRTY_FILES).toList();
            if (head == null) {
                return new GitInfo(true, root.toString(), repository, "", List.of(), branch, detached, "", "", !dirty.isEmpty(), dirtyFiles);
            }
            RevCommit commit = walk.parseCommit(head);
            List<String> parents = new ArrayList<>();
            for (RevCommit p : commit.getParents()) {
                parents.add(p.name());
            }
            String author = commit.getAuthorIdent().getName() + " <" + commit.getAuthorIdent().getEmailAddress() + ">";
            String time = Instant.ofEpochSecond(commit.getCommitTime()).toString();
            return new GitInfo(true, root.toString(), repository, head.name(), parents, branch, detached, author, time,
                    !dirty.isEmpty(), dirtyFiles);
        } catch (IOException | GitAPIException e) {
            throw new GitException("cannot read git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
    }

    /** The remote URL without credentials ({@code origin} first), or the root path when there is no remote. */
    static String repositoryId(Repository repo, Path root) {
        var config = repo.getConfig();
        var remotes = new TreeSet<>(config.getSubsections("remote"));
        String name = remotes.contains("origin") ? "origin" : remotes.isEmpty() ? null : remotes.first();
        String url = name == null ? null : config.getString("remote", name, "url");
        return url == null ? root.toAbsolutePath().normalize().toString() : stripCredentials(url);
    }

    public static String stripCredentials(String url) {
        return CREDENTIALS.matcher(url).replaceFirst("$1");
    }

    /** The first-parent ancestors of {@code commit} (excluding it), newest first, at most {@code limit}. */
    public static List<String> firstParentAncestors(Path start, String commit, int limit) {
        FileRepositoryBuilder builder = locate(start).orElse(null);
        if (builder == null || commit.isEmpty()) {
            return List.of();
        }
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            List<String> result = new ArrayList<>();
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            while (c.getParentCount() > 0 && result.size() < limit) {
                c = walk.parseCommit(c.getParent(0));
                result.add(c.name());
            }
            return result;
        } catch (IOException e) {
            throw new GitException("cannot walk git history: " + e.getMessage(), e);
        }
    }

    /** One commit of a history walk. {@code time} is the committer time. */
    public record CommitInfo(String id, List<String> parents, Instant time, String subject, String author) {
        /** A subject and author are anybody's text: printable. */
        public CommitInfo {
            subject = PrintableText.of(subject);
            author = PrintableText.of(author);
        }

        public String shortId() {
            return id.substring(0, Math.min(12, id.length()));
        }
    }

    /**
     * The first-parent history of {@code tip} (a branch, tag or commit; HEAD when empty), newest first, without the
     * commits reachable from {@code stopAt} (empty for none) — {@code git log --first-parent stopAt..tip} — at most
     * {@code limit} commits.
     */
    public static List<CommitInfo> firstParentLog(Path start, String tip, String stopAt, int limit) {
        return firstParentLog(start, tip, stopAt, limit, Optional.empty());
    }

    /**
     * As {@link #firstParentLog(Path, String, String, int)}, from {@code since} on: like {@code git log --since}, the
     * walk stops at the first commit older than that (commit times are assumed to grow along the chain).
     */
    public static List<CommitInfo> firstParentLog(Path start, String tip, String stopAt, int limit, Optional<Instant> since) {
        FileRepositoryBuilder builder = required(start, "; the audit walks its history");
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            String ref = tip.isEmpty() ? "HEAD" : tip;
            ObjectId id = repo.resolve(ref + "^{commit}");
            if (id == null) {
                throw new GitException("unknown branch or commit '" + ref + "'" + (tip.isEmpty() ? " (the repository has no commits yet)" : ""), null);
            }
            ObjectId stop = null;
            if (!stopAt.isEmpty()) {
                stop = repo.resolve(stopAt + "^{commit}");
                if (stop == null) {
                    throw new GitException("unknown branch or commit '" + stopAt + "'", null);
                }
            }
            // git log --first-parent [stopAt..]tip: the first-parent chain, minus everything reachable from stopAt
            walk.setFirstParent(true);
            if (since.isPresent() && since.get().getEpochSecond() > Integer.MAX_VALUE) {
                return List.of(); // past git's 32-bit commit times (JGit's filter would overflow and take everything)
            }
            since.ifPresent(t -> walk.setRevFilter(CommitTimeRevFilter.after(t)));
            walk.markStart(walk.parseCommit(id));
            if (stop != null) {
                walk.markUninteresting(walk.parseCommit(stop));
            }
            List<CommitInfo> result = new ArrayList<>();
            for (RevCommit c : walk) {
                if (result.size() >= limit) {
                    break;
                }
                if (since.isPresent() && Instant.ofEpochSecond(c.getCommitTime()).isBefore(since.get())) {
                    continue; // the filter stops at the first older commit; this keeps the boundary exact
                }
                List<String> parents = new ArrayList<>();
                for (RevCommit p : c.getParents()) {
                    parents.add(p.name());
                }
                result.add(new CommitInfo(c.name(), parents, Instant.ofEpochSecond(c.getCommitTime()), c.getShortMessage(),
                        c.getAuthorIdent().getName() + " <" + c.getAuthorIdent().getEmailAddress() + ">"));
            }
            return result;
        } catch (MissingObjectException e) {
            throw new GitException("the history is incomplete (shallow clone?): " + e.getMessage()
                    + "; fetch it (actions/checkout: fetch-depth: 0; or: git fetch --unshallow)", e);
        } catch (IOException e) {
            throw new GitException("cannot walk git history: " + e.getMessage(), e);
        }
    }

    /** The short name of the checked-out branch; empty when HEAD is detached. */
    public static String currentBranch(Path start) {
        try (Repository repo = required(start, "").build()) {
            String full = repo.getFullBranch();
            return full != null && full.startsWith("refs/heads/") ? Repository.shortenRefName(full) : "";
        } catch (IOException e) {
            throw new GitException("cannot read git repository: " + e.getMessage(), e);
        }
    }

    /** What a report of {@code commit} says about git: a clean commit on {@code branch} (not the work tree). */
    public static GitInfo describe(Path start, CommitInfo commit, String branch) {
        try (Repository repo = required(start, "").build()) {
            Path root = repo.getWorkTree().toPath();
            return new GitInfo(true, root.toString(), repositoryId(repo, root), commit.id(), commit.parents(), branch, branch.isEmpty(),
                    commit.author(), commit.time().toString(), false, List.of());
        } catch (IOException e) {
            throw new GitException("cannot read git repository: " + e.getMessage(), e);
        }
    }

    /**
     * Repository-relative paths that differ between {@code commit} and the work tree: committed, staged and unstaged
     * changes, added and deleted files, both sides of renames. Untracked files count as changed too (they are new).
     */
    public static Set<String> changedSince(Path start, String commit) {
        FileRepositoryBuilder builder = required(start, "");
        try (Repository repo = builder.build(); Git git = new Git(repo); RevWalk walk = new RevWalk(repo);
             ObjectReader reader = repo.newObjectReader()) {
            CanonicalTreeParser old = new CanonicalTreeParser();
            old.reset(reader, walk.parseCommit(repo.resolve(commit)).getTree());
            Set<String> changed = new TreeSet<>();
            for (DiffEntry d : git.diff().setOldTree(old).setShowNameAndStatusOnly(true).call()) {
                changed.add(d.getOldPath());
                changed.add(d.getNewPath());
            }
            changed.addAll(git.status().call().getUntracked());
            changed.remove(DiffEntry.DEV_NULL);
            return changed;
        } catch (IOException | GitAPIException e) {
            throw new GitException("cannot list the files changed since " + commit + ": " + e.getMessage(), e);
        }
    }

    /** The outcome of looking for the merge-base of HEAD and a ref. */
    public record MergeBase(Optional<String> commit, boolean shallow, String message) {
    }

    /**
     * The merge-base of HEAD and {@code ref}. In a shallow clone it is often missing: then {@code commit} is empty,
     * {@code shallow} is true and {@code message} says how to fetch the history.
     */
    public static MergeBase mergeBase(Path start, String ref) {
        FileRepositoryBuilder builder = required(start, "; the gate compares commits");
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("HEAD");
            ObjectId other = repo.resolve(ref);
            if (head == null) {
                throw new GitException("the repository has no commits yet", null);
            }
            if (other == null) {
                throw new GitException("unknown ref '" + ref + "' (fetch it first, e.g. git fetch origin " + ref + ")", null);
            }
            boolean shallow = !repo.getObjectDatabase().getShallowCommits().isEmpty();
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(head));
            walk.markStart(walk.parseCommit(other));
            RevCommit base = walk.next();
            if (base == null) {
                return new MergeBase(Optional.empty(), shallow, shallow
                        ? "the merge-base of HEAD and " + ref + " is not in this shallow clone; fetch the history "
                        + "(actions/checkout: fetch-depth: 0; or: git fetch --deepen=200 origin " + ref + ")"
                        : "HEAD and " + ref + " have no common history");
            }
            return new MergeBase(Optional.of(base.name()), shallow, "");
        } catch (MissingObjectException e) {
            return new MergeBase(Optional.empty(), true, "the merge-base of HEAD and " + ref + " is not in this shallow clone; fetch "
                    + "the history (actions/checkout: fetch-depth: 0; or: git fetch --deepen=200 origin " + ref + ")");
        } catch (IOException e) {
            throw new GitException("cannot compute the merge-base with " + ref + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the tree of {@code commit} into the empty directory {@code into}, like {@code git archive | tar x}: regular
     * and executable files and symbolic links; submodules are left out. Reads objects only: the work tree, the index
     * and HEAD of the repository stay untouched.
     *
     * @return the number of files written and the submodules left out
     */
    public static Exported export(Path start, String commit, Path into) {
        FileRepositoryBuilder builder = required(start, "");
        Path target = into.toAbsolutePath().normalize();
        int files = 0;
        List<String> submodules = new ArrayList<>();
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo);
             TreeWalk tree = new TreeWalk(repo)) {
            ObjectId id = repo.resolve(commit);
            if (id == null) {
                throw new GitException("unknown commit '" + commit + "'", null);
            }
            tree.addTree(walk.parseCommit(id).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                Path file = target.resolve(tree.getPathString()).normalize();
                if (mode == FileMode.GITLINK) {
                    submodules.add(tree.getPathString());
                    continue;
                }
                if (!file.startsWith(target)) {
                    continue;
                }
                requireNoLinkOnTheWay(target, file, commit, tree.getPathString());
                Files.createDirectories(file.getParent());
                ObjectLoader blob = repo.open(tree.getObjectId(0));
                if (mode == FileMode.SYMLINK) { // written as a link, never followed
                    Files.createSymbolicLink(file, Path.of(new String(blob.getCachedBytes(), StandardCharsets.UTF_8)));
                } else {
                    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS)) {
                        blob.copyTo(out); // streams: large files never sit in memory whole
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        file.toFile().setExecutable(true);
                    }
                }
                files++;
            }
            return new Exported(files, submodules);
        } catch (IOException e) {
            throw new GitException("cannot export " + commit + ": " + e.getMessage(), e);
        }
    }

    /**
     * The content of one regular file of {@code commit} ({@code path} relative to the repository root, {@code /}
     * separated), or empty when the commit has no regular file there (absent, a link, a directory, a submodule).
     */
    public static Optional<byte[]> fileAt(Path start, String commit, String path) {
        try (Repository repo = required(start, "").build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(commit);
            if (id == null) {
                throw new GitException("unknown commit '" + commit + "'", null);
            }
            try (TreeWalk tree = TreeWalk.forPath(repo, path, walk.parseCommit(id).getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                FileMode mode = tree.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    return Optional.empty();
                }
                ObjectLoader blob = repo.open(tree.getObjectId(0));
                return blob.getSize() > 4L * 1024 * 1024 ? Optional.empty() : Optional.of(blob.getCachedBytes());
            }
        } catch (IOException e) {
            throw new GitException("cannot read " + path + " at " + commit + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a tree entry below a symbolic link the export already wrote ({@code x -> /somewhere} and {@code x/file}):
     * writing it would follow the link out of the export directory. Git itself never checks such a tree out.
     */
    private static void requireNoLinkOnTheWay(Path target, Path file, String commit, String entry) {
        linkOnTheWay(target, file).ifPresent(link -> {
            throw new GitException("cannot export " + commit + ": its tree holds '" + entry + "' below the symbolic link '"
                    + target.relativize(link) + "'; writing it would leave the export directory, so the commit is refused", null);
        });
    }

    /** The first directory between {@code root} (excluded) and {@code file} that is a symbolic link, if any. */
    public static Optional<Path> linkOnTheWay(Path root, Path file) {
        Path top = root.toAbsolutePath().normalize();
        Path link = null;
        for (Path dir = file.toAbsolutePath().normalize().getParent(); dir != null && dir.startsWith(top) && !dir.equals(top); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) {
                link = dir; // keep walking: the one nearest the root is named
            }
        }
        return Optional.ofNullable(link);
    }

    /** What {@link #export} wrote: the number of files, and the paths of the submodules it left out. */
    public record Exported(int files, List<String> submodules) {
        /** "; submodules not exported: a, b" or empty. */
        public String notice() {
            return submodules.isEmpty() ? "" : "submodule" + (submodules.size() == 1 ? "" : "s") + " not exported (its classes are not "
                    + "analysed unless the build fetches them): " + String.join(", ", submodules);
        }
    }

    /** A git failure (exit code 3). */
    public static final class GitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GitException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
