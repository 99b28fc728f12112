package dev.archgov.engine.eval;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RuleKind;
import dev.archgov.spi.RunIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles every enabled rule of a contract into an ArchUnit rule; reports every problem at once. The rules of one
 * compilation share one {@link RunIndex}.
 */
public final class RuleCompiler {
    private RuleCompiler() {
    }

    /**
     * @param index what the run will know about its classes, handed to every rule; the caller closes it when the
     *              rules have been evaluated
     */
    public static List<CompiledRule> compile(Contract contract, RuleKinds kinds, RunIndex index) {
        List<CompiledRule> compiled = new ArrayList<>();
        List<ContractProblem> problems = new ArrayList<>();
        for (RuleSpec spec : contract.rules()) {
            RuleKind kind = kinds.find(spec.kind()).orElseThrow(() -> new IllegalStateException("kind vanished: " + spec.kind()));
            try {
                RuleContext context = new RuleContext(spec, contract.layers(), index);
                ArchRule rule = kind.compile(context)
                        .as(spec.id() + ": " + spec.message())
                        .allowEmptyShould(true);
                if (spec.enabled()) {
                    Map<String, List<String>> globs = new LinkedHashMap<>();
                    for (ParamSpec p : kind.params()) {
                        if (p.type() == ParamType.CODE_GLOBS && !spec.params().strings(p.name()).isEmpty()) {
                            globs.put(p.name(), spec.params().strings(p.name()));
                        }
                    }
                    compiled.add(new CompiledRule(spec, rule, kind.scope(context), globs));
                }
            } catch (ContractException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ContractException(problems);
        }
        return compiled;
    }
}
