package dev.archgov.rules.cycles.g$en;

import dev.archgov.rules.cycles.u.U;

/** A slice whose name holds '$': it is a slice too (ArchUnit's own matcher reads a name part as \w). */
public class G { // expect: CYCLE-GROUPS (a package named like generated code is still a slice)
    public U u() {
        return new U();
    }
}
