package dev.archgov.engine.contract;

/** One thing wrong with a contract, located at a file position. Renders as one line. */
public record ContractProblem(SourcePos pos, String message) {

    @Override
    public String toString() {
        return pos + ": " + message;
    }
}
