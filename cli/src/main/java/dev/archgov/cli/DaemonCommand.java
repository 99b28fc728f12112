package dev.archgov.cli;

import dev.archgov.engine.RequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code archgov daemon}: a warm JVM for the {@code check} and {@code gate} runs started in this directory ({@link Daemon}). */
@Command(name = "daemon",
        description = {"Keep a warm JVM serving the check and gate runs started in this directory (same archgov build and "
                + "environment), one at a time, until idle: a run asks it first and falls back to running itself. "
                + "ARCHGOV_DAEMON=0 makes a run ignore it."},
        mixinStandardHelpOptions = true)
final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--idle-minutes", paramLabel = "N", description = "Stop after N minutes without a run. Default: ${DEFAULT-VALUE}.")
    int idleMinutes = 30;

    @Override
    public Integer call() throws IOException {
        if (idleMinutes < 1) {
            throw new RequestException("--idle-minutes must be at least 1");
        }
        Path cwd = Path.of("").toAbsolutePath();
        Optional<Path> socket = Daemon.socket(cwd);
        if (socket.isEmpty()) {
            throw new RequestException("no cache directory for the daemon's socket (set ARCHGOV_CACHE_DIR)");
        }
        Daemon.serve(socket.get(), cwd, System.getenv(), Duration.ofMinutes(idleMinutes), System.err);
        return ExitCodes.OK;
    }
}
