package dev.archgov.engine.git;

import dev.archgov.engine.contract.PrintableText;

import java.util.List;

/**
 * The commit the analysed code belongs to. {@code present=false} means no git repository was found, and every
 * other field is empty.
 *
 * @param repository  the repository's id: its remote URL without credentials, or its root path without a remote
 * @param commitTime  ISO-8601 commit time
 * @param dirtyFiles  files with uncommitted changes (repository-relative), capped at 100
 */
public record GitInfo(boolean present, String root, String repository, String commit, List<String> parents, String branch,
                      boolean detached, String author, String commitTime, boolean dirty, List<String> dirtyFiles) {

    /** Branch names, authors and file names are anybody's text: printable. */
    public GitInfo {
        branch = PrintableText.of(branch);
        author = PrintableText.of(author);
        dirtyFiles = dirtyFiles.stream().map(PrintableText::of).toList();
    }

    public static GitInfo none() {
        return new GitInfo(false, "", "", "", List.of(), "", false, "", "", false, List.of());
    }
}
