package dev.archgov.junit5;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.stream.Stream;

/** A user's test class over the example shop's contract (run by {@link ArchgovTestsTest} through the JUnit engine, not by Surefire). */
public class ShopSuiteFixture {
    static final Path SHOP = Path.of("../examples/shop/archgov.yaml");

    @TestFactory
    Stream<DynamicTest> architecture() {
        return ArchgovTests.from(SHOP).tests();
    }
}
