package dev.archgov.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** archgov's own contract (../archgov.yaml) holds for archgov's own classes. */
class DogfoodTest {

    @Test
    void archgovFollowsItsOwnContract() {
        Cli run = Cli.run("check", "../archgov.yaml", "--color=never");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("PASSED: 0 findings in 10 rules");
    }
}
