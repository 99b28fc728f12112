package dev.archgov.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every malformed contract gets one line per problem, naming file:line:column and what was expected, and exit
 * code 2 — never a stack trace. Each corpus file states its expected first error in its first line:
 * {@code # expect: LINE:COL text}.
 */
class BadContractCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/bad-contracts");
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (.+)");

    static Stream<Path> corpus() throws IOException {
        List<Path> files = Files.list(CORPUS).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validateReportsPositionedOneLineErrorAndExits2(Path file) throws IOException {
        assertPositionedError(file, Cli.run("validate", file.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void checkRefusesTheSameContractBeforeAnalysing(Path file) throws IOException {
        assertPositionedError(file, Cli.run("check", file.toString()));
    }

    private static void assertPositionedError(Path file, Cli run) throws IOException {
        Matcher m = EXPECT.matcher(Files.readAllLines(file).get(0));
        assertThat(m.matches()).as("first line of %s states the expected error", file).isTrue();
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(line -> {
            assertThat(line).matches(".+\\.yaml:\\d+:\\d+: error: .+|builtin:\\w+:\\d+:\\d+: error: .+");
            assertThat(line).doesNotContain("Exception").doesNotContain("\tat ");
        });
        assertThat(lines.get(0)).startsWith(file + ":" + m.group(1) + ":" + m.group(2) + ": error: ");
        assertThat(lines.get(0)).contains(m.group(3));
    }
}
