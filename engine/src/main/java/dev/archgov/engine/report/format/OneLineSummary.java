package dev.archgov.engine.report.format;

import dev.archgov.engine.report.Report;

import java.util.Locale;

/** "archgov 87.5 B (+2.1) layering 92.0 lock 71.3": the summary kept in git notes and CI logs. */
public final class OneLineSummary {
    private OneLineSummary() {
    }

    public static String of(Report report) {
        StringBuilder sb = new StringBuilder(report.score().applicable()
                ? String.format(Locale.ROOT, "archgov %.1f %s", report.score().overall(), report.score().band().label()) : "archgov n/a");
        report.delta().ifPresent(d -> sb.append(String.format(Locale.ROOT, " (%+.1f)", d.overall())));
        report.score().categories().forEach((name, value) -> sb.append(String.format(Locale.ROOT, " %s %.1f", name, value)));
        sb.append(String.format(Locale.ROOT, " · %d findings", report.findings().size()));
        return sb.toString();
    }
}
