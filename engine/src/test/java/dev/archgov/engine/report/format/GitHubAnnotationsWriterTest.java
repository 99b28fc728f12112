package dev.archgov.engine.report.format;

import dev.archgov.engine.report.format.GitHubAnnotationsWriter;
import dev.archgov.engine.report.format.MarkdownWriter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubAnnotationsWriterTest {

    @Test
    void escapesAsTheWorkflowCommandSyntaxRequires() {
        assertThat(GitHubAnnotationsWriter.data("100% done\nnext\rline")).isEqualTo("100%25 done%0Anext%0Dline");
        assertThat(GitHubAnnotationsWriter.property("src/A.java:12, B")).isEqualTo("src/A.java%3A12%2C B");
    }

    @Test
    void barsScaleWithTheScore() {
        assertThat(MarkdownWriter.bar(100)).isEqualTo("██████████");
        assertThat(MarkdownWriter.bar(47.9)).isEqualTo("█████░░░░░");
        assertThat(MarkdownWriter.bar(0)).isEqualTo("░░░░░░░░░░");
    }
}
