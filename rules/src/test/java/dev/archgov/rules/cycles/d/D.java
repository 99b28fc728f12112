package dev.archgov.rules.cycles.d;

import dev.archgov.rules.cycles.e.E;

/** d and e: a second, separate group. */
public class D { // expect: CYCLE-GROUPS (the return type of the method below: a class-level dependency)
    public E e() {
        return new E();
    }
}
