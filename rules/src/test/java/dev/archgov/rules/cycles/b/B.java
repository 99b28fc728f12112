package dev.archgov.rules.cycles.b;

import dev.archgov.rules.cycles.a.A;
import dev.archgov.rules.cycles.c.C;

public class B {
    public A back() {
        return new A();
    }

    public C onwards() {
        return new C();
    }
}
