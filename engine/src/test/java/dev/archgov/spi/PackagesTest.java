package dev.archgov.spi;

import com.tngtech.archunit.core.domain.PackageMatcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Package patterns mean what ArchUnit's mean on plain names, and also match names with '$' or non-ASCII letters. */
class PackagesTest {

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of("a", "b", "ab", ".", "..", "*", "(*)", "(**)", "[a|b]", "[a.b|c*]").list().ofMinSize(1).ofMaxSize(5)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> packages() {
        return Arbitraries.strings().withChars('a', 'b', 'c').ofMinLength(1).ofMaxLength(3).list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join(".", parts));
    }

    @Property(tries = 3000)
    void onPlainNamesTheyMatchExactlyWhatArchUnitMatches(@ForAll("patterns") String pattern, @ForAll("packages") String name) {
        PackageMatcher archUnit;
        try {
            archUnit = PackageMatcher.of(pattern);
        } catch (IllegalArgumentException invalid) {
            Assume.that(false); // the loader refuses what ArchUnit refuses
            return;
        }
        assertThat(Packages.matches(pattern, name)).as("%s on %s", pattern, name).isEqualTo(archUnit.matches(name));
    }

    @Test
    void namesWithDollarSignsAndNonAsciiLettersAreMatched() {
        assertThat(Packages.matches("jp..", "jp.$gen")).isTrue();
        assertThat(Packages.matches("com.acme..", "com.acme.übersicht.web")).isTrue();
        assertThat(Packages.matches("..服务..", "com.公司.服务.订单")).isTrue();
        assertThat(Packages.matches("com.*.web", "com.$proxy.web")).isTrue();
        assertThat(Packages.matches("com.acme..", "com.acmex")).isFalse();
        assertThat(Packages.matches("..service..", "a.services.b")).isFalse();
    }
}
