package dev.archgov.engine.imports;

/** The classes to analyse cannot be read, or there are none: a runtime failure naming the path. */
public class AnalysisInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AnalysisInputException(String message) {
        super(message);
    }
}
