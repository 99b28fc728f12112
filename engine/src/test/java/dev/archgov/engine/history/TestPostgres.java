package dev.archgov.engine.history;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: the server of {@code ARCHGOV_TEST_POSTGRES_URL} when set (a fresh database per call),
 * else a throw-away cluster started from the machine's PostgreSQL binaries ({@code initdb}, {@code pg_ctl}; run as
 * the {@code postgres} user when the tests run as root, which PostgreSQL refuses), stopped on {@link #close()}.
 * {@code .ci/run} installs Debian's postgresql and sets {@code ARCHGOV_TEST_POSTGRES=required}: there a missing
 * server fails the tests instead of skipping them.
 */
public final class TestPostgres implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final String serverUrl; // to the maintenance database
    private final Optional<Runnable> stop;

    private TestPostgres(String serverUrl, Optional<Runnable> stop) {
        this.serverUrl = serverUrl;
        this.stop = stop;
    }

    /** Whether CI demands a server (a missing one is then a failure, not a skip). */
    public static boolean required() {
        return "required".equals(System.getenv("ARCHGOV_TEST_POSTGRES"));
    }

    /** A server, or empty (with the reason on standard error) when this machine has none. */
    public static Optional<TestPostgres> start(Path dir) {
        String given = System.getenv("ARCHGOV_TEST_POSTGRES_URL");
        if (given != null && !given.isBlank()) {
            return Optional.of(new TestPostgres(given, Optional.empty()));
        }
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            return unavailable("no initdb found (install postgresql)");
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path data = Files.createDirectories(dir.resolve("pg"));
            if (root) { // the server runs as postgres: it must own its directory
                run(List.of("chown", "-R", "postgres", data.toString()), false);
                run(List.of("chmod", "755", dir.toString()), false);
            }
            run(List.of(bin.get().resolve("initdb").toString(), "-D", data.resolve("data").toString(), "-A", "trust", "-U", "archgov",
                    "--no-sync", "-E", "UTF8"), root);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            run(List.of(bin.get().resolve("pg_ctl").toString(), "-D", data.resolve("data").toString(), "-w", "-l",
                    data.resolve("log").toString(), "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
            Path ctl = bin.get().resolve("pg_ctl");
            return Optional.of(new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=archgov", Optional.of(() -> {
                try {
                    run(List.of(ctl.toString(), "-D", data.resolve("data").toString(), "-m", "immediate", "stop"), root);
                } catch (IOException e) {
                    System.err.println("TestPostgres: stop failed: " + e.getMessage());
                }
            })));
        } catch (IOException e) {
            return unavailable(e.getMessage());
        }
    }

    private static Optional<TestPostgres> unavailable(String why) {
        System.err.println("TestPostgres: no PostgreSQL: " + why);
        return Optional.empty();
    }

    private static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir));
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted((a, b) -> b.compareTo(a)).forEach(v -> candidates.add(v.resolve("bin")));
        } catch (IOException e) {
            // not Debian's layout
        }
        return candidates.stream().filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl")))
                .map(d -> d.resolve("initdb").toAbsolutePath()).map(p -> {
                    try {
                        return p.toRealPath().getParent();
                    } catch (IOException e) {
                        return p.getParent();
                    }
                }).findFirst();
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + full);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed (" + p.exitValue() + "): " + output.strip());
        }
    }

    /**
     * The server for one test class ({@code @RegisterExtension static final TestPostgres.Server POSTGRES = new TestPostgres.Server();}):
     * started before its tests, stopped after them; {@link #newDatabase()} skips a test where there is no server (fails
     * it where CI requires one).
     */
    public static final class Server implements BeforeAllCallback, AfterAllCallback {
        private Optional<TestPostgres> server = Optional.empty();
        private Path dir;

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            dir = Files.createTempDirectory("archgov-pg");
            server = start(dir);
            if (server.isEmpty() && required()) {
                throw new IllegalStateException("ARCHGOV_TEST_POSTGRES=required, and no PostgreSQL could be started (see standard error)");
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            server.ifPresent(TestPostgres::close);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }

        /** A new, empty database: its URL (the test is skipped when this machine has no PostgreSQL). */
        public String newDatabase() {
            Assumptions.assumeTrue(server.isPresent(), "no PostgreSQL on this machine");
            return server.get().newDatabase();
        }
    }

    /** A new, empty database on the server: its URL. */
    public String newDatabase() {
        String name = "archgov_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return serverUrl.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
    }

    @Override
    public void close() {
        stop.ifPresent(Runnable::run);
    }
}
