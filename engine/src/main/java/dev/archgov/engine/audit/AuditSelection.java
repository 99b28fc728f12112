package dev.archgov.engine.audit;

import dev.archgov.engine.RequestException;
import dev.archgov.engine.git.GitContext.CommitInfo;
import dev.archgov.engine.git.GitContext;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which commits an audit takes: the first-parent history of a branch ({@code git log --first-parent A..B}), limited by
 * date, count or range, then sampled every K-th commit or one per period.
 *
 * @param since  commits from this day on (commit time, UTC)
 * @param last   the N newest commits (before sampling)
 * @param range  {@code A..B}: B's first-parent chain not reachable from A; B defaults to the branch
 * @param every  every K-th commit, counting back from the newest (which is always taken)
 * @param per    the newest commit of each period
 * @param branch the branch to walk (empty: the checked-out one, or HEAD)
 */
public record AuditSelection(Optional<LocalDate> since, Optional<Integer> last, Optional<String> range, Optional<Integer> every,
                             Optional<Period> per, Optional<String> branch) {
    /** Without --since, --last or --range: the last 30 commits. */
    public static final int DEFAULT_LAST = 30;
    private static final int MAX_WALK = 100_000;

    /** A sampling period (UTC; weeks are ISO weeks). */
    public enum Period { DAY, WEEK, MONTH }

    public AuditSelection {
        if (every.isPresent() && per.isPresent()) {
            throw new RequestException("--every and --per both sample: give one of them");
        }
        if (every.filter(k -> k < 1).isPresent() || last.filter(n -> n < 1).isPresent()) {
            throw new RequestException("--every and --last take a number of at least 1");
        }
        range.ifPresent(r -> {
            if (!r.contains("..") || r.contains("...")) {
                throw new RequestException("--range: '" + r + "' is not A..B");
            }
        });
    }

    /** The selected commits of the repository at {@code root}, oldest first. */
    public List<CommitInfo> select(Path root) {
        String tip = branch.orElse("");
        String stopAt = "";
        if (range.isPresent()) {
            String r = range.get();
            int dots = r.indexOf("..");
            stopAt = r.substring(0, dots);
            if (dots + 2 < r.length()) {
                tip = r.substring(dots + 2);
            }
        }
        boolean chosen = since.isPresent() || last.isPresent() || range.isPresent();
        int limit = last.orElse(chosen ? MAX_WALK : DEFAULT_LAST);
        Optional<Instant> from = since.map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant());
        List<CommitInfo> newestFirst = GitContext.firstParentLog(root, tip, stopAt, limit, from);
        List<CommitInfo> sampled = new ArrayList<>();
        if (every.isPresent()) {
            for (int i = 0; i < newestFirst.size(); i += every.get()) {
                sampled.add(newestFirst.get(i));
            }
        } else if (per.isPresent()) {
            Set<String> periods = new HashSet<>();
            for (CommitInfo c : newestFirst) {
                if (periods.add(period(per.get(), c.time()))) {
                    sampled.add(c); // the newest of its period
                }
            }
        } else {
            sampled.addAll(newestFirst);
        }
        Collections.reverse(sampled);
        return sampled;
    }

    private static String period(Period per, Instant time) {
        var day = time.atZone(ZoneOffset.UTC).toLocalDate();
        return switch (per) {
            case DAY -> day.toString();
            case WEEK -> day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> day.getYear() + "-" + day.getMonthValue();
        };
    }
}
