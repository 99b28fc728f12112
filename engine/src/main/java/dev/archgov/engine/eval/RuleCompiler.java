package dev.archgov.engine.eval;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RuleKind;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Selectors;
import dev.archgov.spi.config.ConfigFiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        ConfigFiles config = ConfigFiles.ofEntries(contract.analyze().config());
        for (RuleSpec spec : contract.rules()) {
            RuleKind kind = kinds.find(spec.kind()).orElseThrow(() -> new IllegalStateException("kind vanished: " + spec.kind()));
            try {
                RuleContext context = new RuleContext(spec, contract.layers(), index, config);
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
                    compiled.add(new CompiledRule(spec, rule, kind.scope(context), globs, writtenSelectors(spec, kind, context),
                            kind.locality(context), index));
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

    /**
     * The selectors the team's own contract files wrote in the rule's params, each compiled: a bundled pack's selectors
     * (the HTTP clients a generic rule forbids, say) may well match nothing in a code base, and are not checked.
     */
    private static List<CompiledRule.WrittenSelector> writtenSelectors(RuleSpec spec, RuleKind kind, RuleContext context) {
        List<CompiledRule.WrittenSelector> result = new ArrayList<>();
        for (ParamSpec p : kind.params()) {
            Optional<SourcePos> pos = spec.params().position(p.name());
            if (pos.isEmpty() || pos.get().builtin()) {
                continue;
            }
            if (p.type() == ParamType.SELECTOR) {
                spec.params().selector(p.name()).ifPresent(s -> result.add(new CompiledRule.WrittenSelector(p.name(), context.classes(s), pos.get(),
                        s.simpleAnnotationNames())));
            } else if (p.type() == ParamType.LAYER_LIST) { // a layer that holds no class leaves its part of the rule unchecked
                List<String> names = spec.params().strings(p.name());
                for (int i = 0; i < names.size(); i++) {
                    result.add(new CompiledRule.WrittenSelector(p.name() + "[" + i + "]", Selectors.layer(context.layer(names.get(i))), pos.get(),
                            List.of()));
                }
            } else if (p.type() == ParamType.SELECTOR_LIST) {
                List<ClassSelector> list = spec.params().selectorList(p.name());
                for (int i = 0; i < list.size(); i++) {
                    result.add(new CompiledRule.WrittenSelector(p.name() + "[" + i + "]", context.classes(list.get(i)), pos.get(),
                            list.get(i).simpleAnnotationNames()));
                }
            }
        }
        return List.copyOf(result);
    }
}
