package dev.archgov.cli;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InfoCommandsTest {

    @Test
    void rulesListsKindsWithParamsAndBundledRules() {
        Cli run = Cli.run("rules");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("layers", "forbidden-dependency", "no-cycles", "naming-and-annotation",
                "builtin:generic", "GEN-HTTP-01", "GEN-CYCLE-01", "order", "required");
    }

    @Test
    void explainShowsRationaleExamplesAndLimits() {
        Cli run = Cli.run("explain", "GEN-HTTP-01");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("GEN-HTTP-01", "kind forbidden-dependency", "## Rationale", "## Bad", "## Good",
                "## What bytecode cannot see", "## Parameters");
    }

    /** The decision tree from a contract's traits to the rules they switch on, and one of those rules. */
    @Test
    void explainTraitsShowsTheDecisionTree() {
        Cli run = Cli.run("explain", "traits");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("readHeavy: true", "builtin:traits-read-heavy", "TRAIT-BLOOM", "consistency: strong",
                "TRAIT-DISTRIBUTED-TX", "consistency: eventual");
        Cli rule = Cli.run("explain", "TRAIT-BLOOM");
        assertThat(rule.exit()).isEqualTo(ExitCodes.OK);
        assertThat(rule.out()).contains("kind required-capability", "severity critical", "## Rationale");
    }

    @Test
    void explainLock02ShowsTheOversellScenarioAndItsLimits() {
        Cli run = Cli.run("explain", "LOCK-02");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("LOCK-02", "kind lock-inside-transaction", "oversell", "two orders for one item",
                "## Bad", "lock.lock();                                   // reported", "## Good", "registerSynchronization",
                "AOP ordering", "Lease values passed as constants");
    }

    @Test
    void explainCache01ShowsTheThreeGuardsWithCode() {
        Cli run = Cli.run("explain", "CACHE-01");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("penetration", "1. A Bloom filter", "mightContain(id)", "2. Caching the miss",
                "Duration.ofSeconds(30)", "3. Coalescing", "products.get(id, k ->", "cacheReads:", "dbAccess:", "## What bytecode cannot see");
    }

    @Test
    void explainPool06ExplainsLayeringByTypeSizeAndLifetime() {
        Cli run = Cli.run("explain", "POOL-06");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("**By type.**", "**By size class.**", "**By lifetime.**", "sync.Pool",
                "GenericKeyedObjectPool<Integer, byte[]>", "## What bytecode cannot see");
    }

    @Test
    void explainSaga01ExplainsTheThreeTccFailures() {
        Cli run = Cli.run("explain", "SAGA-01");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("**Idempotence**", "**Empty rollback**", "**Suspension**", "useTCCFence = true",
                "setIfAbsent(\"tcc:rollback:\" + ctx.getXid()", "## What bytecode cannot see");
    }

    @Test
    void explainFindsContractRulesAndKinds() {
        assertThat(Cli.run("explain", "SHOP-LAYERS-01", "--contract", "../examples/shop/archgov.yaml").out())
                .contains("https://wiki.example.com/architecture/shop#layers", "# Layers may only use the layers below them");
        assertThat(Cli.run("explain", "no-cycles").out()).contains("(no-cycles)");
    }

    @Test
    void explainSuggestsOnTypo() {
        Cli run = Cli.run("explain", "GEN-HTTP-1");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("archgov: no rule or rule kind 'GEN-HTTP-1' (did you mean 'GEN-HTTP-01'?)");
    }

    @Test
    void validateSummarisesAValidContract() {
        Cli run = Cli.run("validate", "../examples/shop/archgov.yaml");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("valid contract 'shop': 48 rules (48 enabled), 5 layers, 1 suppressions");
    }

    @Test
    void versionAndHelp() {
        assertThat(Cli.run("--version").out()).startsWith("archgov ");
        Cli help = Cli.run("check", "--help");
        assertThat(help.exit()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("--fail-on", "--format", "--output", "Exit codes:");
    }

    @Test
    void withoutACommandEveryCommandIsNamed() {
        Cli run = Cli.run();
        Assertions.assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        Assertions.assertThat(run.err()).contains("missing command (one of: check, validate", "gate, audit, fleet, daemon)");
    }
}
