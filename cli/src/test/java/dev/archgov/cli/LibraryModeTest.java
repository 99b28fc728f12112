package dev.archgov.cli;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.Priority;
import dev.archgov.engine.Archgov;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Library mode: a contract used as ArchUnit rules in a team's own JUnit 5 suite with archunit-junit5. The two
 * fixture classes below are run through the real ArchUnit JUnit engine, exactly as a user's build would.
 */
class LibraryModeTest {

    /** A user's architecture test over the shop: the contract is violated. */
    @AnalyzeClasses(locations = ShopClasses.class)
    static class ShopArchitectureTest {
        @ArchTest
        static final ArchRule contract = Archgov.rule(Path.of("../examples/shop/archgov.yaml"));
    }

    /** archgov's own contract over archgov's own classes: it holds. */
    @AnalyzeClasses(packages = "dev.archgov", importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
    static class ArchgovArchitectureTest {
        @ArchTest
        static final ArchRule contract = Archgov.rule(Path.of("../archgov.yaml"));
    }

    /** A module's test jar (the engine's test support, on this module's test classpath) is test code too. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    static final class ShopClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(Path.of("../examples/shop/target/classes").toAbsolutePath()));
        }
    }

    @Test
    void violatedContractFailsTheUsersTestWithTheRuleIdsInTheMessage() {
        Events tests = EngineTestKit.engine("archunit").selectors(selectClass(ShopArchitectureTest.class)).execute().testEvents();
        assertThat(tests.started().count()).isEqualTo(1);
        assertThat(tests.failed().stream()).singleElement().satisfies(event -> {
            String message = event.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable).orElseThrow().getMessage();
            assertThat(message).contains("GEN-HTTP-01", "SHOP-LAYERS-01", "OrderController.java:31");
        });
    }

    @Test
    void heldContractPasses() {
        Events tests = EngineTestKit.engine("archunit").selectors(selectClass(ArchgovArchitectureTest.class)).execute().testEvents();
        assertThat(tests.started().count()).isEqualTo(1);
        assertThat(tests.succeeded().count()).isEqualTo(1);
    }

    @Test
    void rulesAreNamedByIdAndMessage() {
        assertThat(Archgov.rules(Path.of("../examples/shop/archgov.yaml")))
                .extracting(ArchRule::getDescription)
                .contains("GEN-HTTP-01: Controllers must not call external HTTP clients; go through an integration-layer client");
    }

    @Test
    void oneRuleByIdCarriesItsSeverityAsPriority() {
        ArchRule lock = Archgov.rule(Path.of("../examples/shop/archgov.yaml"), "LOCK-01");
        assertThat(lock.getDescription()).startsWith("LOCK-01: ");
        assertThat(lock.evaluate(new ClassFileImporter()
                .importPath(Path.of("../examples/shop/target/classes"))).getPriority()).isEqualTo(Priority.HIGH);
    }
}
