package dev.archgov.engine.eval;

import com.tngtech.archunit.core.Convertible;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.SourceCodeLocation;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.ViolationHandler;
import com.tngtech.archunit.library.cycle_detection.Cycle;
import com.tngtech.archunit.library.cycle_detection.Edge;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.SliceDependency;
import com.tngtech.archunit.library.modules.ArchModule;
import com.tngtech.archunit.library.modules.ModuleDependency;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.report.Finding;
import dev.archgov.spi.Violation;
import dev.archgov.spi.config.FileViolation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds structured findings from the objects behind ArchUnit's condition events
 * ({@code ConditionEvent.getCorrespondingObjects()}): accesses, dependencies, classes, members, cycles and
 * archgov {@link Violation}s. Never from the violation text. Fingerprints are added later.
 */
final class FindingExtractor {
    private static final Pattern TRAILING_LOCATION = Pattern.compile("\\s+in \\([^()]+:\\d+\\)$");
    private final SourcePaths paths;

    FindingExtractor(SourcePaths paths) {
        this.paths = paths;
    }

    List<Finding> extract(RuleSpec rule, EvaluationResult result) {
        List<Finding> findings = new ArrayList<>();
        result.handleViolations((ViolationHandler<Object>) (objects, message) -> {
            for (Object o : objects) {
                String between = o instanceof SliceDependency sd ? sd.getOrigin().getDescription() + " -> " + sd.getTarget().getDescription()
                        : o instanceof ModuleDependency<?> md ? "module " + md.getOrigin().getName() + " -> module " + md.getTarget().getName() : null;
                if (between != null) { // one finding per class dependency between the two slices or modules, each at its line
                    for (Dependency d : ((Convertible) o).convertTo(Dependency.class)) {
                        Finding f = toFinding(rule, d, between + ": " + d.getDescription());
                        if (f != null) {
                            findings.add(f);
                        }
                    }
                    continue;
                }
                Finding f = toFinding(rule, o, firstLine(message));
                if (f != null) {
                    findings.add(f);
                }
            }
        });
        return findings;
    }

    private Finding toFinding(RuleSpec rule, Object o, String eventText) {
        if (o instanceof Violation v) {
            return finding(rule, v.message(), v.location(), v.element(), v.target(), v.line());
        }
        if (o instanceof FileViolation v) {
            return new Finding(rule.id(), rule.severity(), rule.category(), rule.message(), v.message(), "", v.element(), v.target(),
                    paths.pathOf(v.file()), v.line(), v.column(), "");
        }
        if (o instanceof Dependency d) {
            Set<JavaAccess> accesses = d.convertTo(JavaAccess.class);
            if (!accesses.isEmpty()) {
                return fromAccess(rule, accesses.iterator().next(), eventText);
            }
            return fromLocation(rule, eventText, d.getOriginClass().getName(), d.getTargetClass().getName(), d.getSourceCodeLocation());
        }
        if (o instanceof JavaAccess<?> a) {
            return fromAccess(rule, a, eventText);
        }
        if (o instanceof JavaMember m) { // at the member's declaration when the source shows it
            int line = paths.memberLine(m);
            return finding(rule, eventText, m.getSourceCodeLocation().getSourceClass(), m.getFullName(), "",
                    line > 0 ? line : m.getSourceCodeLocation().getLineNumber());
        }
        if (o instanceof JavaClass c) {
            return fromLocation(rule, eventText, c.getName(), "", c.getSourceCodeLocation());
        }
        if (o instanceof Cycle<?> cycle) {
            return fromCycle(rule, cycle);
        }
        return null;
    }

    private Finding fromAccess(RuleSpec rule, JavaAccess<?> access, String eventText) {
        return fromLocation(rule, eventText, access.getOrigin().getFullName(), access.getTarget().getFullName(),
                access.getSourceCodeLocation());
    }

    private Finding fromLocation(RuleSpec rule, String detail, String element, String target, SourceCodeLocation loc) {
        return finding(rule, detail, loc.getSourceClass(), element, target, loc.getLineNumber());
    }

    /** One finding per cycle, at its first dependency in source order; the element names the cycle's members. */
    private Finding fromCycle(RuleSpec rule, Cycle<?> cycle) {
        Set<String> members = new TreeSet<>();
        List<Dependency> dependencies = new ArrayList<>();
        for (Edge<?> edge : cycle.getEdges()) {
            members.add(describe(edge.getOrigin()));
        }
        dependencies.addAll(cycle.convertTo(Dependency.class));
        Dependency first = dependencies.stream()
                .min(Comparator.comparing((Dependency d) -> paths.pathOf(d.getSourceCodeLocation().getSourceClass()))
                        .thenComparingInt(d -> d.getSourceCodeLocation().getLineNumber())
                        .thenComparing(Dependency::getDescription))
                .orElse(null);
        String path = String.join(" -> ", orderedCycle(cycle));
        String element = "cycle[" + String.join(", ", members) + "]";
        if (first == null) {
            return null;
        }
        String detail = "Cycle " + path + "; e.g. " + first.getOriginClass().getName() + " -> " + first.getTargetClass().getName();
        return finding(rule, detail, first.getSourceCodeLocation().getSourceClass(), element, "",
                first.getSourceCodeLocation().getLineNumber());
    }

    private static List<String> orderedCycle(Cycle<?> cycle) {
        List<String> names = new ArrayList<>();
        for (Edge<?> edge : cycle.getEdges()) {
            names.add(describe(edge.getOrigin()));
        }
        int start = names.indexOf(names.stream().min(Comparator.naturalOrder()).orElseThrow());
        List<String> rotated = new ArrayList<>(names.subList(start, names.size()));
        rotated.addAll(names.subList(0, start));
        rotated.add(rotated.get(0));
        return rotated;
    }

    private static String describe(Object node) {
        if (node instanceof Slice s) {
            return s.getNamePart(1) == null || s.getNamePart(1).isEmpty() ? s.getDescription() : s.getNamePart(1);
        }
        if (node instanceof ArchModule<?> m) {
            return m.getName();
        }
        return String.valueOf(node);
    }

    private Finding finding(RuleSpec rule, String detail, JavaClass location, String element, String target, int line) {
        int at = line > 0 ? line : paths.declarationLine(location);
        return new Finding(rule.id(), rule.severity(), rule.category(), rule.message(), detail, location.getName(),
                element, target == null ? "" : target, paths.pathOf(location), at, "");
    }

    /**
     * The event's first line, for people to read (never parsed): without ArchUnit's trailing
     * {@code in (File.java:N)}, since the finding carries its own path and line.
     */
    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = (nl < 0 ? message : message.substring(0, nl)).trim();
        return TRAILING_LOCATION.matcher(line).replaceFirst("");
    }
}
