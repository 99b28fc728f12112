package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Report;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several analyses in one JVM (an audit walks many commits, {@code gate --analyze-base} runs two, a test suite or
 * library mode any number): each run's knowledge of its classes goes with the run, so the live heap stays flat.
 */
class RunsInOneJvmTest {
    static final Path CONTRACT = Path.of("../examples/shop/archgov.yaml");

    @Test
    void fiveChecksOfTheShopKeepTheLiveHeapWithinTenPercentOfTheFirst() {
        CheckRunner.Options options = new CheckRunner.Options(Severity.MINOR, LocalDate.of(2026, 1, 1), true);
        Report first = Archgov.check(CONTRACT, options);
        long afterFirst = liveHeap();
        List<Long> heaps = new ArrayList<>(List.of(afterFirst));
        for (int run = 2; run <= 5; run++) {
            Report again = Archgov.check(CONTRACT, options);
            assertThat(again.findings()).as("run %d finds what the first run found", run).isEqualTo(first.findings());
            heaps.add(liveHeap());
        }
        assertThat(first.findings()).isNotEmpty();
        assertThat(heaps.get(heaps.size() - 1)).as("live heap after each run (bytes): %s", heaps)
                .isLessThanOrEqualTo(afterFirst + afterFirst / 10);
    }

    /**
     * The bytes of live objects, from the JVM's class histogram after a full collection (what {@code jmap -histo:live}
     * prints). The heap's "used" figure is not it: a collector keeps whole regions, so it moves in steps of a region.
     */
    static long liveHeap() {
        try {
            Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher((String) histogram);
            assertThat(total.find()).as("the class histogram has a total line").isTrue();
            return Long.parseLong(total.group(1));
        } catch (JMException e) {
            throw new AssertionError("no class histogram from this JVM", e);
        }
    }
}
