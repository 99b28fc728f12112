package dev.archgov.engine.fleet;

import dev.archgov.engine.audit.Audit;
import dev.archgov.engine.audit.AuditSelection;
import dev.archgov.engine.history.HistoryLocation;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One fleet job: the audit of one commit of one repository into the shared history, exactly as {@code archgov audit}
 * does it (export, build, analyse, record; a failed build recorded as a gap). Run again after its worker died, it
 * finds the commit recorded, or builds it.
 */
@DisallowConcurrentExecution
public final class AuditCommitJob implements Job {
    static final String REPOSITORY = "repository";
    static final String LOCATION = "location";
    static final String BRANCH = "branch";
    static final String CONTRACT = "contract";
    static final String BUILD = "build";
    static final String COMMIT = "commit";
    static final String HISTORY = "archgov.history";
    static final String CACHE = "archgov.cache";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        String url;
        Path cache;
        String worker;
        try {
            url = (String) context.getScheduler().getContext().get(HISTORY);
            cache = Path.of((String) context.getScheduler().getContext().get(CACHE));
            worker = context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new JobExecutionException(e, false);
        }
        String name = data.getString(REPOSITORY);
        String commit = data.getString(COMMIT);
        FleetQueue.state(url, name, commit, "running", worker, context.isRecovering() ? "re-run: its first worker stopped" : "");
        try {
            Fleet.Repository repo = new Fleet.Repository(name, data.getString(LOCATION), data.getString(BRANCH), data.getString(CONTRACT),
                    Optional.of(data.getString(BUILD)).filter(b -> !b.isEmpty()),
                    new AuditSelection(Optional.empty(), Optional.of(1), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(commit)));
            Path root = FleetQueue.checkout(repo, cache);
            Audit.Outcome outcome = Audit.run(new Audit.Request(root.resolve(repo.contract()), repo.selection(), repo.build(), Optional.empty(),
                    Optional.empty(), false, Optional.of(HistoryLocation.of(url)), Optional.empty(), Optional.of(repo.branch())), QUIET);
            Audit.Counts c = outcome.counts();
            FleetQueue.state(url, name, commit, "recorded", worker, (c.failed() > 0 ? "the build failed (recorded as a gap)"
                    : c.stored() > 0 ? "already recorded" : c.reused() > 0 ? "reused an identical class set" : "built and analysed")
                    + (context.isRecovering() ? " (re-run: its first worker stopped)" : ""));
        } catch (RuntimeException | IOException e) {
            FleetQueue.state(url, name, commit, "failed", worker, String.valueOf(e.getMessage()));
            throw new JobExecutionException(e, false);
        }
    }

    private static final Audit.Listener QUIET = new Audit.Listener() {
        @Override
        public void planned(Audit.Plan plan) {
        }

        @Override
        public void status(int index, int total, String commit, String step) {
        }

        @Override
        public void done(int index, int total, String commit, String outcome) {
        }

        @Override
        public void notice(String message) {
        }
    };
}
