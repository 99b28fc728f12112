package dev.archgov.engine.report;

/**
 * The commit the analysed code belongs to. {@code present=false} means no git repository was found, and every
 * other field is empty.
 */
public record GitInfo(boolean present, String root, String commit, String branch, boolean detached, boolean dirty) {

    public static GitInfo none() {
        return new GitInfo(false, "", "", "", false, false);
    }
}
