package dev.archgov.engine.report.format;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** JUnit XML text: what XML 1.0 forbids becomes U+FFFD; everything else, supplementary characters included, stays. */
class JUnitXmlTextTest {

    @Test
    void forbiddenCharactersAreReplacedAndTheRestKept() {
        assertThat(JUnitXmlWriter.xml("plain <text> & tabs\t")).isEqualTo("plain <text> & tabs\t");
        assertThat(JUnitXmlWriter.xml("emoji \uD83D\uDE00 kept")).isEqualTo("emoji \uD83D\uDE00 kept");
        assertThat(JUnitXmlWriter.xml("a\u0000b\uFFFFc\uD800d")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
    }
}
