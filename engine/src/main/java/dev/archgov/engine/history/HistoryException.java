package dev.archgov.engine.history;

/** The history store cannot be used (corrupted, locked, unwritable): a runtime failure, exit code 3. */
public class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
