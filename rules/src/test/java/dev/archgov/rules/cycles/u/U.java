package dev.archgov.rules.cycles.u;

import dev.archgov.rules.cycles.g$en.G;

public class U {
    public G g() {
        return new G();
    }
}
