package dev.archgov.rules.generic;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selectors are a small boolean language: anyOf, allOf and not over the leaf criteria, kind (interface, enum, record,
 * annotation, abstract, class), dependsOn, and annotation names given simply ({@code Service}) as well as fully qualified.
 */
class SelectorLanguageTest {
    @TempDir
    Path dir;

    private CompactTest project() {
        return CompactTest.of(dir).source("""
                package org.springframework.stereotype;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Service {}
                """).source("""
                package shop.app;
                @org.springframework.stereotype.Service
                public class OrderService {}
                """).source("""
                package shop.app;
                @org.springframework.stereotype.Service
                public class Billing { // expect: NAMES
                }
                """).source("""
                package shop.app;
                @org.springframework.stereotype.Service
                public abstract class AbstractHelper {}
                """).source("""
                package shop.port;
                public interface PaymentPort {}
                """).source("""
                package shop.port;
                public interface Notifier { // expect: NAMES
                }
                """).source("""
                package shop.port;
                public enum Currency { EUR }
                """).source("""
                package shop.port;
                public record Money(long cents) {}
                """);
    }

    @Test
    void anyOfAllOfNotKindAndSimpleAnnotationNames() {
        project().contract("""
                rules:
                  - id: NAMES
                    kind: naming-and-annotation
                    params:
                      classes:
                        anyOf:
                          - { annotatedWith: [Service], not: { kind: [abstract] } }
                          - allOf: [{ kind: [interface] }, { packages: ["..port.."] }]
                      nameMatches: ".*(Service|Port)"
                """).assertMarkersOf(2, "NAMES");
    }

    /** dependsOn: classes with any dependency (a field, a parameter, a call) on a class whose name matches a glob. */
    @Test
    void dependsOnSelectsTheClassesThatUseAType() {
        var report = project().source("""
                package shop.app;
                public class Checkout {
                    private shop.port.PaymentPort payments;
                }
                """).source("""
                package shop.app;
                public class Pricing {
                    public long of(shop.port.Money money) { return money.cents(); }
                }
                """).contract("""
                rules:
                  - id: USES-PORTS
                    kind: naming-and-annotation
                    params:
                      classes: { dependsOn: ["shop.port.*Port", "shop.port.Money"], packages: ["..app.."] }
                      resideIn: ["..port.."]
                """).check();
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("USES-PORTS")).extracting(f -> f.className())
                .containsExactlyInAnyOrder("shop.app.Checkout", "shop.app.Pricing");
    }

    @Test
    void kindsSelectRecordsAndEnums() {
        var report = project().contract("""
                rules:
                  - id: VALUES
                    kind: naming-and-annotation
                    params:
                      classes: { kind: [record, enum] }
                      resideIn: ["..app.."]
                """).check();
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("VALUES")).extracting(f -> f.className())
                .containsExactlyInAnyOrder("shop.port.Currency", "shop.port.Money");
    }

    @Test
    void aSimpleAnnotationNameThatNamesTwoTypesIsReported() {
        var report = project().source("""
                package com.acme.legacy;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Service {}
                """).source("""
                package shop.legacy;
                @com.acme.legacy.Service
                public class OldService {}
                """).contract("""
                rules:
                  - id: NAMES
                    kind: naming-and-annotation
                    params:
                      classes: { annotatedWith: [Service] }
                      nameEndsWith: Service
                """).check();
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("NAMES")).anySatisfy(f -> {
            assertThat(f.detail()).contains("@Service", "ambiguous", "com.acme.legacy.Service, org.springframework.stereotype.Service");
            assertThat(f.path()).endsWith("archgov.yaml");
        });
    }
}
