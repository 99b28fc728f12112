package dev.archgov.engine.docs;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RuleKind;
import dev.archgov.spi.RuleMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A kind's Markdown becomes HTML with its raw HTML shown as text and unsafe links dropped; a hostile name stays a file below the directory. */
class RuleReferenceTest {
    @Test
    void markdownIsRenderedAndRawHtmlIsNot(@TempDir Path out) throws IOException {
        RuleKind kind = new RuleKind() {
            @Override
            public String name() {
                return "../../escape";
            }

            @Override
            public RuleMeta meta() {
                return new RuleMeta("A <b>title</b>", "custom", Severity.MAJOR, """
                        # Title line, left out
                        ## Rationale
                        Calls `lock()` *before* the try. <script>alert(1)</script> [click](javascript:alert(1))

                        | a | b |
                        |---|---|
                        | 1 | 2 |
                        """);
            }

            @Override
            public List<ParamSpec> params() {
                return List.of(ParamSpec.required("acquires", ParamType.CODE_GLOBS, "wrappers <that> take a lock"));
            }

            @Override
            public ArchRule compile(RuleContext context) {
                throw new UnsupportedOperationException();
            }
        };
        new RuleReference(RuleKinds.of(kind), List.of()).write(out);
        Path page = out.resolve("kinds/_._.._escape.html");
        assertThat(page).isRegularFile();
        String html = Files.readString(page);
        assertThat(html).contains("<h2>Rationale</h2>", "<code>lock()</code>", "<em>before</em>", "<table>", "A &lt;b&gt;title&lt;/b&gt;",
                "&lt;script&gt;", "wrappers &lt;that&gt; take a lock").doesNotContain("<script>", "javascript:", "Title line");
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)).allMatch(f -> f.normalize().startsWith(out));
        }
    }
}
