package dev.archgov.spi;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Globs match like their regular-expression reading, in linear time; contract regexes are bounded. */
class BoundedMatchingTest {

    /** The documented reading of a glob as a (backtracking) regular expression. */
    static Pattern asRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^.]*");
            } else if (c == '?') {
                regex.append("[^.]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars('a', 'b', '.', '*', '?', '$').ofMaxLength(10);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars('a', 'b', '.', '$').ofMaxLength(14);
    }

    @Property(tries = 3000)
    void aGlobMatchesExactlyWhatItsRegularExpressionReadingMatches(@ForAll("globs") String glob, @ForAll("names") String name) {
        assertThat(Globs.matches(glob, name)).as("glob %s on %s", glob, name).isEqualTo(asRegex(glob).matcher(name).matches());
    }

    @Test
    void aGlobOfManyDoubleStarsOnALongNameItMissesAnswersAtOnce() {
        String glob = "**a**a**a**a**a**a**a**a**a**a**a**a**Z";
        String name = "a".repeat(5_000);
        assertThat(Globs.matches(glob, name)).isFalse();
        assertThat(Globs.matches(glob, name + "Z")).isTrue();
    }

    @Test
    void catastrophicRegexesAreRefusedAndOrdinaryOnesAccepted() {
        assertThat(BoundedRegex.backtracksCatastrophically(Pattern.compile("(.*.){12}Z"))).isTrue();
        assertThat(BoundedRegex.backtracksCatastrophically(Pattern.compile("(.*a){12}X"))).isTrue();
        assertThat(BoundedRegex.backtracksCatastrophically(Pattern.compile(".*Service(Impl)?"))).isFalse();
        assertThat(BoundedRegex.backtracksCatastrophically(Pattern.compile("com\\.example\\.(?!internal).*"))).isFalse();
    }

    @Test
    void aRegexThatSlipsPastTheProbesStillCannotHang() {
        Pattern slow = Pattern.compile("(.*q){10}Z");
        assertThat(BoundedRegex.backtracksCatastrophically(slow)).as("fast on the probes, which hold no q").isFalse();
        assertThatThrownBy(() -> BoundedRegex.matches(slow, "q".repeat(40)))
                .isInstanceOf(BoundedRegex.TooSlow.class).hasMessageContaining("backtracks without bound");
        assertThat(BoundedRegex.matches(Pattern.compile(".*Service"), "com.acme.OrderService")).isTrue();
    }
}
