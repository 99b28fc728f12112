package dev.archgov.rules.cycles.e;

import dev.archgov.rules.cycles.d.D;

public class E {
    public D d() {
        return new D();
    }
}
