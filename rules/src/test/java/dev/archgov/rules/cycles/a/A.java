package dev.archgov.rules.cycles.a;

import dev.archgov.rules.cycles.b.B;

/** a, b and c form one cycle group: a -> b -> a and a -> b -> c -> a are two cycles of it, reported once. */
public class A { // expect: CYCLE-GROUPS (the return type of the method below: a class-level dependency)
    public B b() {
        return new B();
    }
}
