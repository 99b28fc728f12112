package dev.archgov.engine.fleet;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.RequestException;
import dev.archgov.engine.git.GitContext;
import dev.archgov.engine.git.GitContext.CommitInfo;
import dev.archgov.engine.history.HistoryLocation;
import dev.archgov.engine.history.HistoryStore;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Fleet audits on Quartz in clustered mode over the shared history database: {@link #schedule} puts one job per
 * repository × commit in its JDBC job store; any number of {@link #work workers} on any number of machines take them.
 * Quartz runs a job once at a time, and re-runs a job whose worker died (it requests recovery) on another worker after
 * the cluster notices; a re-run finds what was already recorded and records nothing twice.
 */
public final class FleetQueue {
    static final String GROUP = "archgov-audit";
    static final String SCHEDULER = "archgov-fleet";

    private FleetQueue() {
    }

    /** What {@link #schedule} did. */
    public record Scheduled(int jobs, int alreadyRecorded, int alreadyQueued) {
    }

    /**
     * Selects each repository's commits (cloning or fetching a remote one into {@code cacheDir}) and queues a job for
     * every commit not yet recorded under the repository's contract.
     */
    public static Scheduled schedule(Fleet fleet, HistoryLocation history, Path cacheDir) {
        String url = requireDatabase(history);
        try (HistoryStore store = history.open()) { // the schema (and the job store's tables) first
            Scheduler scheduler = scheduler(url, 0, 0);
            try {
                int jobs = 0;
                int recorded = 0;
                int queued = 0;
                for (Fleet.Repository repo : fleet.repositories()) {
                    Path root = checkout(repo, cacheDir);
                    String repository = GitContext.read(root).repository();
                    String contractHash = Archgov.contract(root.resolve(repo.contract())).hash();
                    for (CommitInfo c : repo.selection().select(root)) {
                        if (store.exact(repository, c.id(), contractHash).isPresent()) {
                            recorded++;
                            continue;
                        }
                        JobKey key = JobKey.jobKey(repo.name() + "/" + c.id(), GROUP);
                        if (scheduler.checkExists(key)) {
                            queued++;
                            continue;
                        }
                        JobDetail job = JobBuilder.newJob(AuditCommitJob.class).withIdentity(key).requestRecovery(true)
                                .usingJobData(AuditCommitJob.REPOSITORY, repo.name()).usingJobData(AuditCommitJob.LOCATION, repo.location())
                                .usingJobData(AuditCommitJob.BRANCH, repo.branch()).usingJobData(AuditCommitJob.CONTRACT, repo.contract())
                                .usingJobData(AuditCommitJob.BUILD, repo.build().orElse("")).usingJobData(AuditCommitJob.COMMIT, c.id()).build();
                        scheduler.scheduleJob(job, TriggerBuilder.newTrigger().withIdentity(key.getName(), GROUP).startNow().build());
                        state(url, repo.name(), c.id(), "queued", "", "");
                        jobs++;
                    }
                }
                return new Scheduled(jobs, recorded, queued);
            } finally {
                scheduler.shutdown(false);
            }
        } catch (SchedulerException e) {
            throw new RequestException("fleet: the job store refused: " + e.getMessage());
        }
    }

    /**
     * Runs a worker: takes jobs until stopped, or with {@code untilIdle} until no job is queued or running anywhere.
     *
     * @param checkinMillis how often the worker says it is alive (a dead worker's job is re-run after about this plus 7.5 s)
     */
    public static void work(HistoryLocation history, Path cacheDir, int threads, boolean untilIdle, long checkinMillis) throws InterruptedException {
        String url = requireDatabase(history);
        history.open().close(); // the schema first
        try {
            Scheduler scheduler = scheduler(url, threads, checkinMillis);
            scheduler.getContext().put(AuditCommitJob.HISTORY, url);
            scheduler.getContext().put(AuditCommitJob.CACHE, cacheDir.toString());
            scheduler.start();
            int idle = 0;
            while (!untilIdle || idle < 3) {
                Thread.sleep(1000);
                idle = untilIdle && pending(url) == 0 ? idle + 1 : 0;
            }
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new RequestException("fleet: the job store refused: " + e.getMessage());
        }
    }

    /** Jobs queued or running anywhere in the cluster. */
    static int pending(String url) {
        try (Connection c = connect(url);
             PreparedStatement p = c.prepareStatement("SELECT (SELECT count(*) FROM qrtz_triggers WHERE sched_name = ?)"
                     + " + (SELECT count(*) FROM qrtz_fired_triggers WHERE sched_name = ?)")) {
            p.setString(1, SCHEDULER);
            p.setString(2, SCHEDULER);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new RequestException("fleet: cannot read the job store: " + e.getMessage());
        }
    }

    /** Job states by repository: {repository: {state: count}}. */
    public static Map<String, Map<String, Integer>> status(HistoryLocation history) {
        String url = requireDatabase(history);
        history.open().close();
        Map<String, Map<String, Integer>> result = new TreeMap<>();
        try (Connection c = connect(url);
             PreparedStatement p = c.prepareStatement("SELECT repository, state, count(*) FROM fleet_jobs GROUP BY repository, state");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                result.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getInt(3));
            }
        } catch (SQLException e) {
            throw new RequestException("fleet: cannot read the job states: " + e.getMessage());
        }
        return result;
    }

    static void state(String url, String repository, String commit, String state, String worker, String detail) {
        try (Connection c = connect(url);
             PreparedStatement p = c.prepareStatement("INSERT INTO fleet_jobs (repository, commit_id, state, worker, detail, updated_at)"
                     + " VALUES (?,?,?,?,?,?) ON CONFLICT (repository, commit_id) DO UPDATE SET state = excluded.state,"
                     + " worker = excluded.worker, detail = excluded.detail, updated_at = excluded.updated_at")) {
            List<String> values = List.of(repository, commit, state, worker, detail, Instant.now().toString());
            for (int i = 0; i < values.size(); i++) {
                p.setString(i + 1, values.get(i));
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw new RequestException("fleet: cannot record a job's state: " + e.getMessage());
        }
    }

    static Connection connect(String url) throws SQLException {
        FleetConnectionProvider p = new FleetConnectionProvider();
        p.setUrl(url);
        return p.getConnection();
    }

    /** The repository's work tree: a local one as it is (only read), a remote one cloned or fetched into the cache. */
    static Path checkout(Fleet.Repository repo, Path cacheDir) {
        if (repo.local()) {
            Path root = Path.of(repo.location());
            if (!Files.isDirectory(root.resolve(".git")) && GitContext.root(root).isEmpty()) {
                throw new RequestException(repo.name() + ": " + root + " is not a git repository");
            }
            return root;
        }
        Path dir = cacheDir.resolve(repo.name());
        try {
            if (Files.isDirectory(dir.resolve(".git"))) {
                try (Git git = Git.open(dir.toFile())) {
                    git.fetch().setRemote("origin").call();
                    git.checkout().setName("origin/" + repo.branch()).call();
                }
            } else {
                Files.createDirectories(cacheDir);
                try (Git git = Git.cloneRepository().setURI(repo.location()).setDirectory(dir.toFile()).setBranch(repo.branch()).call()) {
                    // cloned
                }
            }
        } catch (GitAPIException | IOException e) {
            throw new RequestException(repo.name() + ": cannot clone or fetch " + repo.location() + ": " + e.getMessage());
        }
        return dir;
    }

    private static String requireDatabase(HistoryLocation history) {
        if (!history.isDatabase()) {
            throw new RequestException("fleet: give the shared history, --history jdbc:postgresql://host/db (or ARCHGOV_HISTORY_URL): "
                    + "the workers take their jobs from it");
        }
        return history.url().orElseThrow();
    }

    private static Scheduler scheduler(String url, int threads, long checkinMillis) throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(1, threads)));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(Math.max(1000, checkinMillis)));
        p.setProperty("org.quartz.jobStore.dataSource", "history");
        p.setProperty("org.quartz.dataSource.history.connectionProvider.class", FleetConnectionProvider.class.getName());
        p.setProperty("org.quartz.dataSource.history.url", url);
        StdSchedulerFactory factory = new StdSchedulerFactory(p);
        return factory.getScheduler();
    }
}
