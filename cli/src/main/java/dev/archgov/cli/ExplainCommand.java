package dev.archgov.cli;

import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.load.ContractLoader;
import dev.archgov.engine.load.Suggestions;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.RuleKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {
                "Explain a rule: rationale, a bad and a good example, and what bytecode cannot see.",
                "",
                "RULE is a rule id from a bundled pack (e.g. GEN-HTTP-01), from --contract, or a rule kind name;",
                "'traits' shows which rules a contract's traits switch on."})
final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RULE", description = "Rule id or rule kind.")
    String rule;

    @Option(names = {"-c", "--contract"}, paramLabel = "FILE", description = "Also look up rules defined in this contract.")
    Path contract;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (rule.equals("traits")) { // the decision tree from a contract's traits to the rules they switch on
            try (InputStream in = ExplainCommand.class.getClassLoader().getResourceAsStream("archgov/packs/traits.md")) {
                spec.commandLine().getOut().println(new String(Objects.requireNonNull(in, "archgov/packs/traits.md").readAllBytes(), StandardCharsets.UTF_8).strip());
                return ExitCodes.OK;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ContractLoader loader = ContractLoader.standard();
        List<Contract> sources = loader.contractAndBuiltinPacks(contract);
        PrintWriter out = spec.commandLine().getOut();
        Optional<RuleSpec> found = sources.stream().flatMap(c -> c.rule(rule).stream()).findFirst();
        Optional<RuleKind> kind = found.map(r -> loader.kinds().find(r.kind()).orElseThrow()).or(() -> loader.kinds().find(rule));
        if (kind.isEmpty()) {
            List<String> known = new ArrayList<>(loader.kinds().names());
            sources.forEach(c -> c.rules().forEach(r -> known.add(r.id())));
            throw new ArchgovCommand.UsageException("no rule or rule kind '" + rule + "'" + Suggestions.hint(rule, known));
        }
        if (found.isPresent()) {
            RuleSpec r = found.get();
            out.printf("%s — %s%n", r.id(), r.message());
            out.printf("kind %s · severity %s · category %s%n", r.kind(), r.severity().label(), r.category());
            if (r.docs() != null) {
                out.println("docs: " + r.docs());
            }
            if (!r.params().asMap().isEmpty()) {
                out.println("params: " + r.params());
            }
            out.println();
        }
        RuleKind k = kind.get();
        out.printf("# %s (%s)%n%n", k.meta().title(), k.name());
        out.println(k.meta().docs().strip());
        out.println();
        out.println("## Parameters");
        for (ParamSpec p : k.params()) {
            out.printf("- %s (%s%s): %s%n", p.name(), p.type().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    p.required() ? ", required" : "", p.description());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
