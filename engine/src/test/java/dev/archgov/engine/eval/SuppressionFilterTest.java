package dev.archgov.engine.eval;

import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.contract.Suppression;
import dev.archgov.engine.report.Finding;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SuppressionFilterTest {
    final Finding finding = FingerprintsTest.finding("com.acme.web.C.a()", "org.x.Http.get()", 10, "m");
    final Suppression untilEndOfJanuary = new Suppression("GEN-*", "com.acme.web.C", "legacy",
            Optional.of(LocalDate.of(2026, 1, 31)), new SourcePos("archgov.yaml", 20, 5));

    @Test
    void appliesUpToAndIncludingItsExpiryDate() {
        var onTheDay = SuppressionFilter.apply(List.of(finding), List.of(untilEndOfJanuary), LocalDate.of(2026, 1, 31));
        assertThat(onTheDay.kept()).isEmpty();
        assertThat(onTheDay.suppressed()).singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo("legacy"));
        assertThat(onTheDay.notices()).isEmpty();

        var dayAfter = SuppressionFilter.apply(List.of(finding), List.of(untilEndOfJanuary), LocalDate.of(2026, 2, 1));
        assertThat(dayAfter.kept()).containsExactly(finding);
        assertThat(dayAfter.notices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("expired");
            assertThat(n.at()).isEqualTo("archgov.yaml:20:5");
        });
    }

    @Test
    void matchesElementOrItsClassWithGlobs() {
        assertThat(SuppressionFilter.matches(new Suppression("GEN-HTTP-01", "com.acme.*.C", "r", Optional.empty(), SourcePos.file("f")), finding)).isTrue();
        assertThat(SuppressionFilter.matches(new Suppression("GEN-HTTP-01", "com.acme.**", "r", Optional.empty(), SourcePos.file("f")), finding)).isTrue();
        assertThat(SuppressionFilter.matches(new Suppression("GEN-HTTP-01", "com.*", "r", Optional.empty(), SourcePos.file("f")), finding)).isFalse();
        assertThat(SuppressionFilter.matches(new Suppression("OTHER", "**", "r", Optional.empty(), SourcePos.file("f")), finding)).isFalse();
    }

    @Test
    void reportsUnusedSuppressions() {
        var outcome = SuppressionFilter.apply(List.of(), List.of(untilEndOfJanuary), LocalDate.of(2026, 1, 1));
        assertThat(outcome.notices()).singleElement().satisfies(n -> assertThat(n.kind()).isEqualTo("unused"));
    }
}
