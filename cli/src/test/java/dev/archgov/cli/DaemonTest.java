package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code archgov daemon}: a run it serves has a direct run's exit code and report; only its user can open its socket;
 * it refuses (the client then runs directly) a run from another directory, build or environment, or a command it does
 * not serve; it stops when idle and
 * removes its socket; a second daemon on a live socket fails.
 */
class DaemonTest {
    @TempDir
    Path dir;

    private final Path cwd = Path.of("").toAbsolutePath();

    /** The daemons a test started: each is stopped (interrupted) and awaited after it, so none outlives its test. */
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (Thread t : started) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as("a daemon still running after its test").isFalse();
        }
    }

    private CompletableFuture<Void> start(Path socket, Duration idle, ByteArrayOutputStream log) throws Exception {
        CompletableFuture<Void> serving = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Daemon.serve(socket, cwd, System.getenv(), idle, new PrintStream(log, true, StandardCharsets.UTF_8));
                serving.complete(null);
            } catch (IOException | RuntimeException e) {
                serving.completeExceptionally(e);
            }
        }, "archgov-daemon-test");
        started.add(thread);
        thread.start();
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            Thread.sleep(50);
        }
        assertThat(socket).as("the daemon's socket").exists();
        return serving;
    }

    private Daemon.Request request(List<String> args) {
        return new Daemon.Request(cwd.toString(), Daemon.build(), Daemon.environment(System.getenv()), args);
    }

    /** The text without the durations it reports. */
    private static String timeless(String text) {
        return text.replaceAll("\\d+(\\.\\d+)? s\\b", "N s");
    }

    private static JsonNode findings(Path report) throws IOException {
        return new ObjectMapper().readTree(report.toFile()).get("findings");
    }

    @Test
    void aServedRunIsADirectRun() throws Exception {
        Path socket = dir.resolve("d.sock");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CompletableFuture<Void> serving = start(socket, Duration.ofMinutes(1), log);
        for (int round = 0; round < 2; round++) { // the second run in a warm JVM
            Path served = dir.resolve("served" + round);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            OptionalInt exit = Daemon.ask(socket, request(List.of("check", CheckCommandTest.SHOP, "--no-cache", "--format=json", "-o", served.toString())),
                    false, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            Path direct = dir.resolve("direct" + round);
            Cli run = Cli.run("check", CheckCommandTest.SHOP, "--no-cache", "--format=json", "-o", direct.toString(), "--color=never");
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).hasValue(run.exit());
            assertThat(run.exit()).as("the shop violates its contract").isEqualTo(ExitCodes.VIOLATED);
            assertThat(findings(served.resolve("archgov-report.json"))).isEqualTo(findings(direct.resolve("archgov-report.json")));
            assertThat(timeless(out.toString(StandardCharsets.UTF_8))).isEqualTo(timeless(run.out().replace(direct.toString(), served.toString())));
        }
        // a bad command line: the same usage error and exit code
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OptionalInt usage = Daemon.ask(socket, request(List.of("check", CheckCommandTest.SHOP, "--format=pdf")), false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Cli direct = Cli.run("check", CheckCommandTest.SHOP, "--format=pdf", "--color=never");
        assertThat(usage).hasValue(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(direct.err());
        assertThat(serving).isNotDone();
    }

    @Test
    void anythingElseRunsDirectly() throws Exception {
        Path socket = dir.resolve("d.sock");
        CompletableFuture<Void> serving = start(socket, Duration.ofMinutes(1), new ByteArrayOutputStream());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).as("only its user opens it").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        List<String> check = List.of("check", CheckCommandTest.SHOP, "--no-cache");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> otherEnvironment = Map.of("ARCHGOV_CACHE_DIR", dir.resolve("elsewhere").toString());
        for (Daemon.Request refused : List.of(
                new Daemon.Request(dir.toString(), Daemon.build(), Daemon.environment(System.getenv()), check),
                new Daemon.Request(cwd.toString(), "another build", Daemon.environment(System.getenv()), check),
                new Daemon.Request(cwd.toString(), Daemon.build(), otherEnvironment, check),
                request(List.of("validate", CheckCommandTest.SHOP)),
                request(List.of("check", CheckCommandTest.SHOP, "--verbose")))) {
            assertThat(Daemon.ask(socket, refused, false, sink, sink)).as("%s", refused).isEmpty();
        }
        assertThat(Daemon.serves(new String[] {"check", "x"}, Map.of("ARCHGOV_DAEMON", "0"))).as("ARCHGOV_DAEMON=0").isFalse();
        try (SocketChannel garbage = SocketChannel.open(UnixDomainSocketAddress.of(socket))) { // not a request: dropped
            garbage.write(ByteBuffer.wrap(new byte[] {0x7f, -1, -1, -1}));
        }
        assertThat(Daemon.ask(socket, request(List.of("check", CheckCommandTest.SHOP, "--format=pdf")), false, sink, sink))
                .as("still serving after a message no archgov writes").hasValue(ExitCodes.USAGE);
        assertThat(Daemon.ask(dir.resolve("none.sock"), request(check), false, sink, sink)).as("no daemon").isEmpty();
        assertThatThrownBy(() -> Daemon.serve(socket, cwd, System.getenv(), Duration.ofMinutes(1), sink))
                .hasMessageContaining("a daemon already serves");
        assertThat(serving).isNotDone();
    }

    @Test
    void itStopsWhenIdleAndRemovesItsSocket() throws Exception {
        Path socket = dir.resolve("d.sock");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CompletableFuture<Void> serving = start(socket, Duration.ofSeconds(1), log);
        serving.get(30, TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("serving check and gate in " + cwd).contains("stopping");
        // a socket left behind by a daemon that did not end cleanly is replaced
        Files.createFile(socket);
        CompletableFuture<Void> again = start(socket, Duration.ofSeconds(1), new ByteArrayOutputStream());
        again.get(30, TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
    }
}
