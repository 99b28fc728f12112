package dev.archgov.rules.generic;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** slices-independent: a feature slice using another is reported at its line; the shared kernel (no slice) is free to use. */
class SlicesIndependentRuleTest {
    @TempDir
    Path dir;

    @Test
    void featuresDoNotUseEachOther() {
        var report = CompactTest.of(dir).source("""
                package com.acme.shared;
                public class Money {
                    public long cents() { return 1; }
                }
                """).source("""
                package com.acme.feature.billing;
                public class Invoice {
                    public long amount() { return new com.acme.shared.Money().cents(); }
                }
                """).source("""
                package com.acme.feature.orders;
                public class Checkout {
                    public long total() {
                        return new com.acme.feature.billing.Invoice().amount(); // expect: FEATURES
                    }
                    public long shipping() { return new com.acme.shared.Money().cents(); }
                }
                """).contract("""
                rules:
                  - id: FEATURES
                    kind: slices-independent
                    params: { slices: "com.acme.feature.(*)..", namedAs: "Feature $1" }
                """).assertMarkersOf(1, "FEATURES");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.detail()).doesNotContain("com.acme.shared"));
    }
}
