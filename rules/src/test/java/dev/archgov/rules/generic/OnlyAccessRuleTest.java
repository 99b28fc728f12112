package dev.archgov.rules.generic;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * only-access: the domain may use only itself and the JDK; the repositories may be used only by the services. A use
 * outside what is allowed is reported at its line; the allowed uses stay silent.
 */
class OnlyAccessRuleTest {
    @TempDir
    Path dir;

    @Test
    void allowedUsesAndUsersOnly() {
        CompactTest.of(dir).source("""
                package com.acme.web;
                public class Formatter {
                    public String format(Object o) { return String.valueOf(o); }
                }
                """).source("""
                package com.acme.domain;
                public class Order {
                    private final String number = "1";
                    public String label() { return "Order " + number; }
                    public String pretty() {
                        return new com.acme.web.Formatter().format(this); // expect: DOMAIN-CLOSED
                    }
                }
                """).source("""
                package com.acme.repo;
                public class OrderRepository {
                    public com.acme.domain.Order find() { return new com.acme.domain.Order(); }
                }
                """).source("""
                package com.acme.service;
                public class OrderService {
                    public String label() { return new com.acme.repo.OrderRepository().find().label(); }
                }
                """).source("""
                package com.acme.web;
                public class OrderController {
                    public String show() {
                        return new com.acme.repo.OrderRepository().find().label(); // expect: REPO-USERS
                    }
                }
                """).contract("""
                rules:
                  - id: DOMAIN-CLOSED
                    kind: only-access
                    params:
                      classes: [{ packages: ["..domain.."] }]
                      useOnly: [{ packages: ["..domain..", "java.."] }]
                  - id: REPO-USERS
                    kind: only-access
                    params:
                      classes: [{ packages: ["..repo.."] }]
                      usedOnlyBy: [{ packages: ["..service..", "..repo.."] }]
                """).assertMarkersOf(2, "DOMAIN-CLOSED", "REPO-USERS");
    }
}
