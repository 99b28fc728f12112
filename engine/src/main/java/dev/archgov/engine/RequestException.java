package dev.archgov.engine;

/**
 * A request that cannot be carried out as asked: nothing to compare with, no build command, a selection that selects
 * nothing. The command line reports it as a usage error (exit code 2), in one line.
 */
public class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RequestException(String message) {
        super(message);
    }
}
