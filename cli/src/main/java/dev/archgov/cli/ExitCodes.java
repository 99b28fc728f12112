package dev.archgov.cli;

/** Exit codes; pipelines depend on them (documented in the README). */
public final class ExitCodes {
    /** Passed: no finding at or above the fail-on severity. */
    public static final int OK = 0;
    /** The contract is violated. */
    public static final int VIOLATED = 1;
    /** Bad command line or bad contract. */
    public static final int USAGE = 2;
    /** Runtime failure: unreadable input, git or store error, a bug. */
    public static final int RUNTIME = 3;

    private ExitCodes() {
    }
}
