package dev.archgov.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The audit's progress: a bar with the current commit, done/total and ETA on a terminal (me.tongfei:progressbar),
 * one plain line per step in CI or when the output is not a terminal, or nothing.
 */
interface AuditProgress extends AutoCloseable {

    /** Work on {@code commit} begins: {@code what} is "building", "analysing"… */
    void status(int index, int total, String commit, String what);

    /** Something the user should know that is not progress (a submodule left out): shown whatever the mode. */
    void notice(String message);

    /** A commit is done: one line saying how it went. */
    void done(int index, int total, String commit, String outcome);

    @Override
    void close();

    /** {@code --progress}: auto (a bar on a terminal outside CI), bar, plain or none. */
    enum Mode {
        AUTO, BAR, PLAIN, NONE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static AuditProgress of(Mode mode, int total, PrintWriter err, PrintStream terminal, boolean unicode) {
        boolean onTerminal = System.console() != null && System.getenv("CI") == null;
        return switch (mode) {
            case NONE -> new Silent(err);
            case PLAIN -> new Plain(err);
            case BAR -> new Bar(total, terminal, unicode);
            case AUTO -> onTerminal ? new Bar(total, terminal, unicode) : new Plain(err);
        };
    }

    /** No progress output; notices still go to standard error. */
    final class Silent implements AuditProgress {
        private final Plain notices;

        Silent(PrintWriter err) {
            this.notices = new Plain(err);
        }

        @Override
        public void notice(String message) {
            notices.notice(message);
        }

        @Override
        public void status(int index, int total, String commit, String what) {
        }

        @Override
        public void done(int index, int total, String commit, String outcome) {
        }

        @Override
        public void close() {
        }
    }

    /** One line per step: readable in a CI log, which a bar's carriage returns garble. */
    final class Plain implements AuditProgress {
        private final PrintWriter err;

        Plain(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void status(int index, int total, String commit, String what) {
            err.printf(Locale.ROOT, "archgov audit: [%d/%d] %s %s%n", index, total, commit, what);
            err.flush();
        }

        @Override
        public void notice(String message) {
            err.println("archgov audit: notice: " + message);
            err.flush();
        }

        @Override
        public void done(int index, int total, String commit, String outcome) {
            err.printf(Locale.ROOT, "archgov audit: [%d/%d] %s %s%n", index, total, commit, outcome);
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }

    /** The bar; finished commits are printed above it, so that the outcome of each stays on screen. */
    final class Bar implements AuditProgress {
        private final ProgressBar bar;
        private final PrintStream out;

        Bar(int total, PrintStream out, boolean unicode) {
            this.out = out;
            this.bar = new ProgressBarBuilder().setTaskName("audit").setInitialMax(total)
                    .setStyle(unicode ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(120)
                    .build();
        }

        @Override
        public void status(int index, int total, String commit, String what) {
            String message = commit + " " + what;
            bar.setExtraMessage(message.length() <= 48 ? message : message.substring(0, 47) + "…"); // leave the bar its width
        }

        @Override
        public void notice(String message) {
            out.print("\r\033[2K");
            out.println("notice: " + message);
        }

        @Override
        public void done(int index, int total, String commit, String outcome) {
            out.print("\r\033[2K");
            out.println(commit + " " + outcome);
            bar.step();
        }

        @Override
        public void close() {
            bar.setExtraMessage("");
            bar.close();
        }
    }
}
