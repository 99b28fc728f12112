package dev.archgov.engine.contract;

/** One thing wrong with a contract, located at a file position. Renders as one line. */
public record ContractProblem(SourcePos pos, String message) {

    /** The message quotes the contract (keys, values): printable, whatever the file holds. */
    public ContractProblem {
        message = PrintableText.of(message);
    }

    @Override
    public String toString() {
        return pos + ": " + message;
    }
}
