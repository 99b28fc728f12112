package dev.archgov.rules.cycles.f;

import dev.archgov.rules.cycles.a.A;
import dev.archgov.rules.cycles.d.D;

/** f uses both groups but nothing uses f: it is in no cycle and stays silent. */
public class F {
    public Object both() {
        return new A().b() != null ? new D() : null;
    }
}
