package dev.archgov.rules.generic;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * members: the members a selection picks (by owner, kind, name glob, modifiers) are checked; a forbidden use is
 * reported at the calling line, a convention a member breaks at the member.
 */
class MembersRuleTest {
    @TempDir
    Path dir;

    @Test
    void selectedMembersAndTheirUsers() {
        CompactTest.of(dir).source("""
                package com.acme.domain;
                public class Money {
                    private final long cents;
                    Money(long cents) { this.cents = cents; }
                    public static Money of(long cents) { return new Money(cents); }
                    public long cents() { return cents; }
                    public synchronized long getRounded() { // expect: MONEY-GETTERS
                        return cents / 100;
                    }
                    public long getCents() { return cents; }
                }
                """).source("""
                package com.acme.domain;
                public class Wallet {
                    public Money open() { return Money.of(0); }
                    public Money raw() { return new Money(1); } // expect: MONEY-FACTORY
                }
                """).source("""
                package com.acme.web;
                public class WalletController {
                    public long show() { return com.acme.domain.Money.of(5).cents(); }
                }
                """).contract("""
                rules:
                  - id: MONEY-FACTORY
                    kind: members
                    params:
                      classes: [{ classes: [com.acme.domain.Money] }]
                      members: constructors
                      mustNotBeUsedBy: [{ packages: ["com.acme.."] }]
                  - id: MONEY-GETTERS
                    kind: members
                    params:
                      classes: [{ classes: [com.acme.domain.Money] }]
                      members: methods
                      named: ["get*"]
                      withModifiers: [public]
                      mustNotBe: [synchronized]
                """).assertMarkersOf(2, "MONEY-FACTORY", "MONEY-GETTERS");
    }
}
