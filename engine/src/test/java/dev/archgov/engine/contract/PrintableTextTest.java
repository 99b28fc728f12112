package dev.archgov.engine.contract;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Untrusted text is printable on one line, and a spreadsheet shows a text cell as text. */
class PrintableTextTest {

    @Property(tries = 2000)
    void anyTextBecomesOneSafeLine(@ForAll String text) {
        String printable = PrintableText.of(text);
        assertThat(printable.chars().allMatch(c -> PrintableText.safe((char) c))).isTrue();
        assertThat(printable.lines().count()).isLessThanOrEqualTo(1);
        if (text.chars().allMatch(c -> PrintableText.safe((char) c))) {
            assertThat(printable).isSameAs(text);
        }
    }

    @Test
    void controlsAreShownNotActedOn() {
        assertThat(PrintableText.of("a\n::error::x\u001b]0;t\u0007\u202e")).isEqualTo("a\\u000a::error::x\\u001b]0;t\\u0007\\u202e");
    }

    @Test
    void formulaCellsAreText() {
        assertThat(PrintableText.forSpreadsheet("=HYPERLINK(\"http://evil\")")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(PrintableText.forSpreadsheet("+1")).isEqualTo("'+1");
        assertThat(PrintableText.forSpreadsheet("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(PrintableText.forSpreadsheet("-cmd")).isEqualTo("'-cmd");
        assertThat(PrintableText.forSpreadsheet("fix: lock")).isEqualTo("fix: lock");
        assertThat(PrintableText.forSpreadsheet("")).isEmpty();
    }
}
