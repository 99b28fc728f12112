package dev.archgov.rules.generic;

import dev.archgov.engine.contract.ContractException;
import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * modules: defined by an annotated root (a package-info with @AppModule, named by its 'name') or by package, each using
 * another only as allowed, through what it exposes, without cycles. (The package-defined rows are compared with
 * ArchUnit's own modules() rule in ArchUnitParityTest.)
 */
class ModulesRuleTest {
    @TempDir
    Path dir;

    private CompactTest shop() {
        return CompactTest.of(dir).source("""
                package com.acme.modules;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                @java.lang.annotation.Target(java.lang.annotation.ElementType.PACKAGE)
                public @interface AppModule { String name() default ""; }
                """).source("""
                @com.acme.modules.AppModule(name = "Ordering")
                package com.acme.orders;
                """).source("""
                @com.acme.modules.AppModule
                package com.acme.catalog;
                """).source("""
                package com.acme.catalog.api;
                public class Prices { public long of(String sku) { return 1; } }
                """).source("""
                package com.acme.catalog.internal;
                public class PriceTable {
                    public long of(String sku) { return 1; }
                    public String owner() { return new com.acme.orders.Checkout().toString(); } // expect: MODS-CYCLE, MODS-API
                }
                """).source("""
                package com.acme.orders;
                public class Checkout {
                    public long viaApi(String sku) { return new com.acme.catalog.api.Prices().of(sku); }
                    public long around(String sku) { return new com.acme.catalog.internal.PriceTable().of(sku); } // expect: MODS-API
                }
                """);
    }

    @Test
    void modulesRootedByAnnotationUseEachOtherOnlyThroughWhatTheyExpose() {
        shop().contract("""
                rules:
                  - id: MODS-API
                    kind: modules
                    params:
                      rootsAnnotatedWith: com.acme.modules.AppModule
                      allowed: ["Ordering -> catalog", "catalog -> Ordering"]
                      exposed: [{ packages: ["..api.."] }]
                """).assertMarkersOf(1, "MODS-API");
    }

    @Test
    void cyclesBetweenModules() {
        var report = shop().contract("""
                rules:
                  - id: MODS-CYCLE
                    kind: modules
                    params: { packages: "com.acme.(*)..", noCycles: true, ignore: ["com.acme.modules.** -> **"] }
                """).check();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("MODS-CYCLE");
            assertThat(f.detail()).contains("catalog", "orders");
        });
    }

    @Test
    void aModuleRuleMustDefineItsModulesAndSaySomething() {
        for (String params : new String[] {
                "{ allowed: [\"a -> b\"] }",
                "{ packages: \"com.acme.(*)..\", rootsAnnotatedWith: com.acme.modules.AppModule, noCycles: true }",
                "{ packages: \"com.acme..\", noCycles: true }",
                "{ packages: \"com.acme.(*)..\" }",
                "{ packages: \"com.acme.(*)..\", allowed: [\"orders catalog\"] }",
                "{ rootsAnnotatedWith: com.acme.modules.AppModule, namedAs: \"M $1\", noCycles: true }"}) {
            assertThatThrownBy(() -> shop().contract("""
                    rules:
                      - id: MODS-BAD
                        kind: modules
                        params: %s
                    """.formatted(params)).check()).as(params).isInstanceOf(ContractException.class).hasMessageContaining("MODS-BAD");
        }
    }
}
