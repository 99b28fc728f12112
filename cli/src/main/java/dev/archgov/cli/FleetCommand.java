package dev.archgov.cli;

import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.fleet.Fleet;
import dev.archgov.engine.fleet.FleetLoader;
import dev.archgov.engine.fleet.FleetQueue;
import dev.archgov.engine.fleet.FleetReport;
import dev.archgov.engine.history.HistoryLocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "fleet",
        mixinStandardHelpOptions = true,
        description = {"Audit many repositories with many workers: jobs (one per repository × commit) in the shared history "
                + "database, taken by any number of 'archgov fleet worker' processes on any number of machines (Quartz in "
                + "clustered mode: a job runs once at a time, and a dead worker's job runs again elsewhere)."},
        subcommands = {FleetCommand.Schedule.class, FleetCommand.Worker.class, FleetCommand.Status.class, FleetCommand.Report.class})
final class FleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (one of: audit, worker, status, report)");
    }

    /** The worker's checkouts of remote repositories. */
    static Path cacheDir(Path given) {
        return given != null ? given : ResultCache.defaultDir().map(d -> d.resolveSibling("fleet")).orElse(Path.of(".archgov", "fleet"));
    }

    static HistoryLocation database(HistoryOption history) {
        return history.location().orElseThrow(() -> new ArchgovCommand.UsageException(
                "fleet: give the shared history: --history jdbc:postgresql://host/db, or ARCHGOV_HISTORY_URL"));
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Queue the audit of every repository of FLEET.yaml: one job per selected commit not yet recorded."})
    static final class Schedule implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FLEET.yaml", description = "The repositories, their branches, contracts, builds and selections.")
        Path file;

        @Mixin
        HistoryOption history;

        @Option(names = "--cache", paramLabel = "DIR", description = "Where remote repositories are cloned to select their commits.")
        Path cache;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Fleet fleet = FleetLoader.load(file);
            FleetQueue.Scheduled s = FleetQueue.schedule(fleet, database(history), cacheDir(cache));
            spec.commandLine().getOut().printf("archgov fleet: %d job%s queued for %d repositor%s (%d commit%s already recorded, %d already "
                    + "queued); workers take them: archgov fleet worker%n", s.jobs(), s.jobs() == 1 ? "" : "s", fleet.repositories().size(),
                    fleet.repositories().size() == 1 ? "y" : "ies", s.alreadyRecorded(), s.alreadyRecorded() == 1 ? "" : "s", s.alreadyQueued());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "worker", mixinStandardHelpOptions = true,
            description = {"Take fleet jobs from the shared history database and run them (each: export, build, analyse, record)."})
    static final class Worker implements Callable<Integer> {
        @Mixin
        HistoryOption history;

        @Option(names = "--cache", paramLabel = "DIR", description = "Where remote repositories are cloned.")
        Path cache;

        @Option(names = "--threads", paramLabel = "N", description = "Jobs run at once by this worker (default: 1; one per two cores).")
        int threads = 1;

        @Option(names = "--until-idle", description = "Stop when no job is queued or running anywhere (default: run until stopped).")
        boolean untilIdle;

        @Option(names = "--checkin", paramLabel = "DURATION", converter = AuditCommand.DurationConverter.class,
                description = "How often the worker tells the cluster it is alive: a dead worker's job runs again about this plus 7.5 s "
                        + "later (default: 15s).")
        Duration checkin = Duration.ofSeconds(15);

        @Override
        public Integer call() throws InterruptedException {
            if (threads < 1) {
                throw new ArchgovCommand.UsageException("--threads must be at least 1");
            }
            FleetQueue.work(database(history), cacheDir(cache), threads, untilIdle, checkin.toMillis());
            return ExitCodes.OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"One view of the organisation: each repository's HTML trend (DIR/<name>/archgov-trend.html) and an index "
                    + "ranking the repositories by their latest score, with band, last change and worst recent drop (DIR/index.html)."})
    static final class Report implements Callable<Integer> {
        @Mixin
        HistoryOption history;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Where to write the pages (atomically).")
        Path output;

        @Option(names = "--limit", paramLabel = "N", description = "The newest N records of each repository (default: 200).")
        int limit = 200;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (limit < 1) {
                throw new ArchgovCommand.UsageException("--limit must be at least 1");
            }
            List<FleetReport.Row> rows = FleetReport.write(database(history), output, limit);
            spec.commandLine().getOut().printf("wrote %s (%d repositor%s, worst first) and each one's trend%n", output.resolve("index.html"),
                    rows.size(), rows.size() == 1 ? "y" : "ies");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {"Fleet jobs by repository: queued, running, recorded, failed."})
    static final class Status implements Callable<Integer> {
        @Mixin
        HistoryOption history;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Map<String, Integer>> states = FleetQueue.status(database(history));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-30s  %7s  %7s  %8s  %6s%n", "REPOSITORY", "QUEUED", "RUNNING", "RECORDED", "FAILED");
            states.forEach((repo, s) -> out.printf("%-30s  %7d  %7d  %8d  %6d%n", repo, s.getOrDefault("queued", 0), s.getOrDefault("running", 0),
                    s.getOrDefault("recorded", 0), s.getOrDefault("failed", 0)));
            if (states.isEmpty()) {
                out.println("(no fleet job yet: archgov fleet audit FLEET.yaml)");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
