package dev.archgov.engine.contract;

import java.util.List;
import java.util.stream.Collectors;

/** A contract that cannot be used. Carries every problem found, each with its position. */
public class ContractException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ContractProblem> problems;

    public ContractException(List<ContractProblem> problems) {
        super(problems.stream().map(ContractProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ContractException(SourcePos pos, String message) {
        this(List.of(new ContractProblem(pos, message)));
    }

    public List<ContractProblem> problems() {
        return problems;
    }
}
