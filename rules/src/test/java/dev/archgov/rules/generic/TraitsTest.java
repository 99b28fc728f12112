package dev.archgov.rules.generic;

import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The contract's traits switch on the rules such a service must keep: readHeavy brings the cache pack and the Bloom
 * filter, second-level cache and change-data-capture capabilities; consistency: strong the saga pack and a saga or
 * TCC framework; eventual nothing more. A missing capability is one finding at the application class, and it costs
 * score; the code that has the capability is silent.
 */
class TraitsTest {
    @TempDir
    Path dir;

    private CompactTest shop(Path at, boolean bloom) {
        CompactTest t = CompactTest.of(at).source("""
                package org.springframework.boot.autoconfigure;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface SpringBootApplication {}
                """).source("""
                package com.google.common.hash;
                public final class BloomFilter<T> {
                    public boolean mightContain(T value) { return true; }
                }
                """).source("""
                package com.github.benmanes.caffeine.cache;
                public interface Cache<K, V> { V getIfPresent(Object key); }
                """).source("""
                package shop;
                @org.springframework.boot.autoconfigure.SpringBootApplication
                public class ShopApplication {}
                """).source("""
                package shop;
                public class Catalog {
                    private com.github.benmanes.caffeine.cache.Cache<Long, String> local;
                    public String name(long id) { return local.getIfPresent(id); }
                }
                """);
        return bloom ? t.source("""
                package shop;
                public class ProductIds {
                    private com.google.common.hash.BloomFilter<Long> ids;
                    public boolean mayExist(long id) { return ids.mightContain(id); }
                }
                """) : t;
    }

    @Test
    void aReadHeavyServiceWithoutABloomFilterOrChangeDataCaptureIsToldSoAtItsApplicationClass() {
        Report report = shop(dir, false).contract("traits: { readHeavy: true }").check();
        assertThat(report.findings()).filteredOn(f -> f.ruleId().startsWith("TRAIT-")).extracting(Finding::ruleId, Finding::className)
                .containsExactlyInAnyOrder(tuple("TRAIT-BLOOM", "shop.ShopApplication"),
                        tuple("TRAIT-CACHE-SYNC", "shop.ShopApplication"));
        assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("TRAIT-BLOOM")).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("readHeavy: true", "a Bloom filter", "com.google.common.hash.BloomFilter"));
        assertThat(report.rules()).extracting(r -> r.id()).contains("CACHE-01", "TRAIT-L2-CACHE"); // the cache pack came with the trait
    }

    @Test
    void theCapabilityInTheCodeIsSilentAndTheTraitCostsScoreOnlyWhileMissing(@TempDir Path other, @TempDir Path plain) {
        Report with = shop(dir, true).contract("traits: { readHeavy: true }").check();
        assertThat(with.findings()).extracting(Finding::ruleId).doesNotContain("TRAIT-BLOOM", "TRAIT-L2-CACHE");
        Report without = shop(other, false).contract("traits: { readHeavy: true }").check();
        Report noTraits = shop(plain, false).check();
        assertThat(noTraits.rules()).extracting(r -> r.id()).noneMatch(id -> id.startsWith("TRAIT-"));
        assertThat(without.score().overall()).as("missing capabilities cost score").isLessThan(with.score().overall());
        assertThat(with.score().overall()).isLessThanOrEqualTo(noTraits.score().overall());
    }

    /**
     * Strong consistency forbids an event-sourcing-only framework in the consistent flows (a transactional or TCC class);
     * an event-sourced class outside them, and every class of an eventually consistent service, may use one.
     */
    @Test
    void strongConsistencyKeepsEventSourcingOutOfTheTransactionalFlows(@TempDir Path other) {
        CompactTest strong = eventSourced(shop(dir, true)).contract("traits: { consistency: strong }");
        Report report = strong.assertMarkersOf(1, "TRAIT-NO-EVENT-SOURCING");
        assertThat(report.rules()).filteredOn(r -> r.id().equals("TRAIT-NO-EVENT-SOURCING")).singleElement()
                .satisfies(r -> assertThat(r.violating()).isEqualTo(1));
        Report eventual = eventSourced(shop(other, true)).contract("traits: { consistency: eventual }").check();
        assertThat(eventual.findings()).extracting(Finding::ruleId).doesNotContain("TRAIT-NO-EVENT-SOURCING");
    }

    private static CompactTest eventSourced(CompactTest t) {
        return t.source("""
                package org.springframework.transaction.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Transactional {}
                """).source("""
                package org.axonframework.eventsourcing;
                public class EventSourcingRepository<T> { public void load(String id) {} }
                """).source("""
                package shop;
                public class Payments {
                    private org.axonframework.eventsourcing.EventSourcingRepository<Object> repository;
                    @org.springframework.transaction.annotation.Transactional
                    public void pay(String id) {
                        repository.load(id); // expect: TRAIT-NO-EVENT-SOURCING
                    }
                }
                """).source("""
                package shop;
                public class Projections { // no transaction: an event-sourced read side is fine
                    private org.axonframework.eventsourcing.EventSourcingRepository<Object> repository;
                    public void rebuild(String id) { repository.load(id); }
                }
                """);
    }

    @Test
    void strongConsistencyRequiresASagaOrTccFrameworkAndEventualNothing(@TempDir Path other) {
        Report strong = shop(dir, true).contract("traits: { consistency: strong }").check();
        assertThat(strong.findings()).extracting(Finding::ruleId).contains("TRAIT-DISTRIBUTED-TX");
        assertThat(strong.rules()).extracting(r -> r.id()).contains("SAGA-01");
        Report eventual = shop(other, true).contract("traits: { consistency: eventual }").check();
        assertThat(eventual.rules()).extracting(r -> r.id()).noneMatch(id -> id.startsWith("TRAIT-") || id.startsWith("SAGA-"));
    }
}
