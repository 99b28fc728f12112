package dev.archgov.engine.trend;

import java.util.List;
import java.util.Locale;

/** Wording the trend formats share. */
final class TrendText {
    private TrendText() {
    }

    /** e.g. "Health 81.2 → 74.5 (−6.7) over 14 commits: 12 analysed, 1 build failed, 1 timed out." */
    static String summary(Trend t) {
        List<Trend.Point> analysed = t.analysed();
        long failed = t.points().stream().filter(p -> !p.analysed() && !"timeout".equals(p.status())).count();
        long timedOut = t.points().stream().filter(p -> "timeout".equals(p.status())).count();
        StringBuilder s = new StringBuilder();
        if (analysed.isEmpty()) {
            s.append("No commit could be analysed");
        } else {
            double first = analysed.get(0).score();
            double last = analysed.get(analysed.size() - 1).score();
            s.append(String.format(Locale.ROOT, "Health %.1f → %.1f (%s)", first, last, signed(last - first)));
        }
        s.append(" over ").append(t.points().size()).append(t.points().size() == 1 ? " commit: " : " commits: ")
                .append(analysed.size()).append(" analysed");
        if (failed > 0) {
            s.append(", ").append(failed).append(failed == 1 ? " build failed" : " builds failed");
        }
        if (timedOut > 0) {
            s.append(", ").append(timedOut).append(" timed out");
        }
        return s.append('.').toString();
    }

    static String signed(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r > 0 ? String.format(Locale.ROOT, "+%.1f", r) : r < 0 ? String.format(Locale.ROOT, "−%.1f", -r) : "±0";
    }

    static String arrow(String direction) {
        return switch (direction) {
            case "worse" -> "↑";
            case "better" -> "↓";
            default -> "→";
        };
    }

    static String outcome(Trend.Failure f) {
        return switch (f.kind()) {
            case "timeout" -> "timed out";
            case "no-classes" -> "built, nothing to analyse";
            case "export-failed" -> "tree not exported";
            default -> "failed (exit " + f.exitCode() + ")";
        };
    }

    /** Why a commit has no report, for people: "build failed", "build timed out", … */
    static String status(Trend.Point p) {
        return switch (p.status()) {
            case "failed" -> "build failed";
            case "timeout" -> "build timed out";
            case "no-classes" -> "built, nothing to analyse";
            case "export-failed" -> "tree not exported";
            default -> p.status();
        };
    }
}
