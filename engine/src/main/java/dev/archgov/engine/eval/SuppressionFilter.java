package dev.archgov.engine.eval;

import dev.archgov.engine.contract.Suppression;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.SuppressedFinding;
import dev.archgov.engine.report.SuppressionNotice;
import dev.archgov.spi.Globs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Applies the contract's suppressions: expired ones no longer apply; expired and unused ones are reported. */
final class SuppressionFilter {
    record Outcome(List<Finding> kept, List<SuppressedFinding> suppressed, List<SuppressionNotice> notices) {
    }

    static Outcome apply(List<Finding> findings, List<Suppression> suppressions, LocalDate today) {
        List<Suppression> active = suppressions.stream().filter(s -> !s.expiredOn(today)).toList();
        Set<Suppression> used = new HashSet<>();
        List<Finding> kept = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        for (Finding f : findings) {
            Optional<Suppression> match = active.stream().filter(s -> matches(s, f)).findFirst();
            if (match.isPresent()) {
                used.add(match.get());
                suppressed.add(new SuppressedFinding(f, match.get().reason(), match.get().pos().toString()));
            } else {
                kept.add(f);
            }
        }
        List<SuppressionNotice> notices = new ArrayList<>();
        for (Suppression s : suppressions) {
            if (s.expiredOn(today)) {
                notices.add(notice("expired", s));
            } else if (!used.contains(s)) {
                notices.add(notice("unused", s));
            }
        }
        return new Outcome(kept, suppressed, notices);
    }

    static boolean matches(Suppression s, Finding f) {
        return Globs.matches(s.rule(), f.ruleId())
                && (Globs.matches(s.where(), f.element()) || Globs.matches(s.where(), f.className()));
    }

    private static SuppressionNotice notice(String kind, Suppression s) {
        return new SuppressionNotice(kind, s.rule(), s.where(), s.reason(),
                s.expires().map(LocalDate::toString).orElse(""), s.pos().toString());
    }
}
