package dev.archgov.rules.cycles.c;

import dev.archgov.rules.cycles.a.A;

public class C {
    public A a() {
        return new A();
    }
}
