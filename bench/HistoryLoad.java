import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.history.HistoryStore;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.io.JsonReportReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The history store under load (bench/history-load.sh): TOTAL reports recorded by WRITERS concurrent writers, each with
 * its own connection, spread over 200 repositories; prints throughput, p50 and p99 of one record.
 *   java -cp archgov.jar bench/HistoryLoad.java LOCATION TOTAL WRITERS REPORT.json
 */
public class HistoryLoad {
    public static void main(String[] args) throws Exception {
        String location = args[0];
        int total = Integer.parseInt(args[1]);
        int writers = Integer.parseInt(args[2]);
        String json = Files.readString(Path.of(args[3]));
        Report base = JsonReportReader.read(json);
        try (HistoryStore warm = HistoryLocation.of(location).open()) { // the schema first, as a runner's first record does
            warm.list("none", new HistoryStore.Query(java.util.Optional.empty(), java.util.Optional.empty(), 1));
        }
        long[] latency = new long[total];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            done.add(pool.submit(() -> {
                try (HistoryStore store = HistoryLocation.of(location).open()) {
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        Report r = base.withGit(new GitInfo(true, "/srv/repo", "https://git.acme.example/team/repo-" + (i % 200) + ".git",
                                String.format("%040x", i), List.of(), "main", false, "CI <ci@acme.example>",
                                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L).toString(), false, List.of()));
                        long t = System.nanoTime();
                        store.record(r, json);
                        latency[i] = System.nanoTime() - t;
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latency);
        System.out.printf(Locale.ROOT, "%d reports (%d KiB each) by %d writers in %.2f s: %.0f reports/s, p50 %.1f ms, p99 %.1f ms%n",
                total, json.length() / 1024, writers, seconds, total / seconds, latency[total / 2] / 1e6, latency[(int) (total * 0.99)] / 1e6);
    }
}
