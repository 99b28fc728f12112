package dev.archgov.engine.eval;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.report.Finding;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {

    static Finding finding(String element, String target, int line, String message) {
        return new Finding("GEN-HTTP-01", Severity.CRITICAL, "layering", message, "detail " + line, "com.acme.web.C",
                element, target, "src/main/java/com/acme/web/C.java", line, "");
    }

    static List<String> fingerprints(List<Finding> findings) {
        return Fingerprints.assign(findings).stream().map(Finding::fingerprint).sorted().toList();
    }

    @Property
    void survivesLineShiftsAndRewording(@ForAll @IntRange(min = 1, max = 500) int shift) {
        List<Finding> before = List.of(
                finding("com.acme.web.C.a()", "org.x.Http.get()", 10, "old wording"),
                finding("com.acme.web.C.a()", "org.x.Http.get()", 20, "old wording"),
                finding("com.acme.web.C.b()", "org.x.Http.post()", 30, "old wording"));
        List<Finding> after = List.of(
                finding("com.acme.web.C.a()", "org.x.Http.get()", 10 + shift, "new wording"),
                finding("com.acme.web.C.a()", "org.x.Http.get()", 20 + shift, "new wording"),
                finding("com.acme.web.C.b()", "org.x.Http.post()", 30 + shift, "new wording"));
        assertThat(fingerprints(after)).isEqualTo(fingerprints(before));
    }

    @Property
    void doesNotDependOnInputOrder(@ForAll long seed) {
        List<Finding> findings = new ArrayList<>(List.of(
                finding("com.acme.web.C.a()", "org.x.Http.get()", 10, "m"),
                finding("com.acme.web.C.a()", "org.x.Http.get()", 20, "m"),
                finding("com.acme.web.C.b()", "", 5, "m")));
        List<String> expected = fingerprints(findings);
        Collections.shuffle(findings, new Random(seed));
        assertThat(fingerprints(findings)).isEqualTo(expected);
    }

    @Test
    void changesWhenTheOffendingMemberChanges() {
        String before = fingerprints(List.of(finding("com.acme.web.C.a()", "org.x.Http.get()", 10, "m"))).get(0);
        String renamed = fingerprints(List.of(finding("com.acme.web.C.fetch()", "org.x.Http.get()", 10, "m"))).get(0);
        String otherTarget = fingerprints(List.of(finding("com.acme.web.C.a()", "org.x.Http.post()", 10, "m"))).get(0);
        assertThat(before).isNotEqualTo(renamed).isNotEqualTo(otherTarget).hasSize(32);
    }

    @Test
    void equalFindingsGetDistinctFingerprints() {
        assertThat(fingerprints(List.of(
                finding("com.acme.web.C.a()", "org.x.Http.get()", 10, "m"),
                finding("com.acme.web.C.a()", "org.x.Http.get()", 11, "m")))).doesNotHaveDuplicates();
    }
}
