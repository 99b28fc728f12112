package dev.archgov.engine.fleet;

import dev.archgov.engine.audit.AuditSelection;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The repositories a fleet audit covers ({@code fleet.yaml}): where each is, which branch and contract, how it builds
 * and which commits to audit.
 */
public record Fleet(Path file, List<Repository> repositories) {

    /**
     * One repository of the fleet.
     *
     * @param name      a short, unique name (jobs and status are listed by it)
     * @param location  a local path (absolute, or relative to {@code fleet.yaml}) or a clone URL
     * @param branch    the branch to audit
     * @param contract  the contract file, relative to the repository root
     * @param build     the build command (default: the contract's {@code build:}, else guessed from the tree)
     * @param selection which commits (as {@code archgov audit}'s options)
     */
    public record Repository(String name, String location, String branch, String contract, Optional<String> build, AuditSelection selection) {
        /** Whether the location is a local directory (else a URL to clone). */
        public boolean local() {
            return !location.contains("://") && !location.startsWith("git@");
        }
    }
}
