package dev.archgov.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile text in a contract (a pull request writes it) never becomes a command, a terminal escape, broken XML or
 * rendered HTML in archgov's outputs.
 */
class HostileOutputTest {
    @TempDir
    Path root;
    @TempDir
    Path out;

    static final String HOSTILE_CONTRACT = """
            version: 1
            name: "stock <b>shop</b> \\e]0;pwned\\u0007\\u202e"
            analyze:
              classes: [build/classes]
              sources: [src]
            rules:
              - id: LOCK-01
                kind: lock-released-on-all-paths
                severity: critical
                message: "leaks <script>alert(1)</script>\\n::error file=a,line=1::injected\\r\\n::add-mask::x \\uffff"
            """;

    @BeforeEach
    void project() throws IOException {
        new JavacProject(root).withContract(HOSTILE_CONTRACT).write(BaselineTest.LEAKING);
    }

    @Test
    void noLineOfAnyTextOutputIsAWorkflowCommandOrATerminalEscape() throws Exception {
        Cli run = Cli.run("check", root.toString(), "--color=never", "--no-cache", "-f", "text,markdown,junit,github", "-o", out.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.VIOLATED);
        for (String text : new String[] {run.out(), run.err(), Files.readString(out.resolve("archgov-report.txt")),
                Files.readString(out.resolve("archgov-summary.md"))}) {
            assertThat(text.lines()).noneMatch(l -> l.startsWith("::"));
            assertThat(text).doesNotContain("\u001b", "\u0007", "\u202e", "\r");
        }
        // GitHub annotations: one line per finding, archgov's own command; the message's text stays inside its data
        assertThat(Files.readString(out.resolve("archgov-github.txt")).lines()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("::error file=src/com/acme/Stock.java,line=6,title=LOCK-01"));
        String md = Files.readString(out.resolve("archgov-summary.md"));
        assertThat(md).doesNotContain("<b>").contains("stock &lt;b&gt;shop&lt;/b&gt;");
        // the JUnit XML stays well-formed XML 1.0
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("archgov-junit.xml").toFile());
    }

    @Test
    void validateNeverEchoesAnEscapeFromTheContract() throws IOException {
        Files.writeString(root.resolve("archgov.yaml"), HOSTILE_CONTRACT + "\"\\e]8;;http://evil\\u0007x\": 1\n");
        Cli run = Cli.run("validate", root.resolve("archgov.yaml").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("\\u001b]8").doesNotContain("\u001b", "\u0007");
    }
}
