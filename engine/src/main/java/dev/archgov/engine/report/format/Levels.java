package dev.archgov.engine.report.format;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;

import java.util.HashSet;
import java.util.Set;

/**
 * The one table from a finding to the level every pipeline format shows (SARIF {@code level}, GitHub annotation
 * command, JUnit failure or output): {@code error} when the finding fails the run ({@link Report#fails}),
 * {@code note} for info, {@code warning} for everything else that is reported. So a check that passes shows no error
 * anywhere, and one that fails shows exactly its failing findings as errors.
 */
public enum Levels {
    ERROR, WARNING, NOTE;

    private static Levels of(boolean fails, Finding f) {
        if (fails) {
            return ERROR;
        }
        return f.severity() == Severity.INFO ? NOTE : WARNING;
    }

    /** The run's verdict for many findings at once: the failing ones hashed once (a writer's loop stays linear). */
    public static Verdict verdict(Report report) {
        return new Verdict(new HashSet<>(report.findings().stream().filter(report::fails).toList()));
    }

    /** {@link Report#fails} and {@link #of} for the findings of one report, in constant time each. */
    public record Verdict(Set<Finding> failing) {
        public boolean fails(Finding f) {
            return failing.contains(f);
        }

        public Levels of(Finding f) {
            return Levels.of(fails(f), f);
        }
    }

    /** A rule's default level: what its findings are when reported (error at or above the run's threshold). */
    public static Levels ofRule(Report report, Severity severity) {
        if (severity.atLeast(report.failOn())) {
            return ERROR;
        }
        return severity == Severity.INFO ? NOTE : WARNING;
    }
}
