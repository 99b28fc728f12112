package dev.archgov.rules.generic;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A layer defined by annotation ({@code web: { annotatedWith: [Controller] }}) as well as by packages: the controllers
 * of every package are the web layer, and a service calling one is reported.
 */
class LayersByAnnotationTest {
    @TempDir
    Path dir;

    @Test
    void aLayerOfAnnotatedClasses() {
        CompactTest.of(dir).source("""
                package org.springframework.stereotype;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Controller {}
                """).source("""
                package com.acme.orders;
                @org.springframework.stereotype.Controller
                public class OrderController {
                    public String list() { return new com.acme.orders.service.OrderService().all(); }
                }
                """).source("""
                package com.acme.orders.service;
                public class OrderService {
                    public String all() { return "orders"; }
                    public String render() {
                        return new com.acme.orders.OrderController().list(); // expect: WEB-ON-TOP
                    }
                }
                """).contract("""
                layers:
                  web: { annotatedWith: [Controller] }
                  service: { packages: ["..service.."] }
                rules:
                  - id: WEB-ON-TOP
                    kind: layers
                    params: { order: [web, service] }
                """).assertMarkersOf(1, "WEB-ON-TOP");
    }

    /** A layer of the order that holds no class (a package renamed) leaves that part unchecked: the rule says so. */
    @Test
    void aLayerThatHoldsNoClassIsAFinding() {
        var report = CompactTest.of(dir).source("""
                package com.acme.web;
                public class OrderController {}
                """).contract("""
                layers:
                  web: ["..web.."]
                  service: ["..services.."]
                rules:
                  - id: WEB-ON-TOP
                    kind: layers
                    params: { order: [web, service] }
                """).check();
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("WEB-ON-TOP")).singleElement().satisfies(f -> {
            assertThat(f.path()).endsWith("archgov.yaml");
            assertThat(f.detail()).contains("order[1]", "layer 'service'", "matches no analysed class");
        });
    }
}
