package com.example.notes;

import dev.archgov.engine.contract.Severity;
import dev.archgov.junit5.ArchgovTests;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.stream.Stream;

/** The contract in the test suite: one test per rule (Surefire lists each), failing on major findings or worse. */
class ArchitectureTest {
    @TestFactory
    Stream<DynamicTest> architecture() {
        return ArchgovTests.from(Path.of("archgov.yaml")).failOn(Severity.MAJOR).tests();
    }
}
