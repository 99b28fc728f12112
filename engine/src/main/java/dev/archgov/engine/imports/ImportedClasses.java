package dev.archgov.engine.imports;

import com.tngtech.archunit.core.domain.JavaClasses;

/** The analysed classes of one run, imported once, with what the report says about them. */
public record ImportedClasses(JavaClasses classes, int classCount, int packageCount, long importMillis) {
}
