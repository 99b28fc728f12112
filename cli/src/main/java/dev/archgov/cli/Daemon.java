package dev.archgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.hashing.Hashing;
import picocli.CommandLine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * A warm JVM for {@code check} and {@code gate} ({@code archgov daemon}): one per user, working directory and archgov
 * build, listening on a Unix socket in the cache directory (owner-only), serving one analysis at a time until idle.
 * A run started there asks it first; it serves only a request from its own working directory, of the same archgov
 * build, with the same environment as far as archgov reads it (relative paths, {@code ARCHGOV_*}, {@code GITHUB_*} …
 * are resolved in the serving JVM), and answers with the run's output and exit code, exactly as a direct run; anything
 * else (no daemon, another directory or build, {@code --verbose}, a stale socket) runs directly.
 */
final class Daemon {
    /** Frames from the daemon: output, error output, the exit code, or a refusal (the client runs directly). */
    private static final byte OUT = 'O';
    private static final byte ERR = 'E';
    private static final byte EXIT = 'X';
    private static final byte REFUSED = 'R';
    private static final Set<String> COMMANDS = Set.of("check", "gate");
    private static final Set<String> ENVIRONMENT = Set.of("CI", "HOME", "XDG_CACHE_HOME", "PGPASSWORD", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest request or frame (a request is a command line; output is sent as it is written). */
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    /** What a client asks: where it runs, which build, the environment archgov reads, and the arguments. */
    record Request(String cwd, String build, Map<String, String> environment, List<String> args) {
    }

    private Daemon() {
    }

    /** Whether a run with these arguments may be served (the analyses; not with {@code --verbose}, whose logging is per JVM). */
    static boolean serves(String[] args, Map<String, String> env) {
        return args.length > 0 && COMMANDS.contains(args[0]) && !"0".equals(env.get("ARCHGOV_DAEMON"))
                && Arrays.stream(args).noneMatch(a -> a.equals("--verbose"));
    }

    /** The socket of the daemon for {@code cwd} and this build, in the cache directory; empty without one. */
    static Optional<Path> socket(Path cwd) {
        return ResultCache.defaultDir().map(dir -> dir.resolve("daemon").resolve(Hashing.hex(cwd + "\n" + build(), 12) + ".sock"));
    }

    /** This build of archgov: where its code is, with the size and time of that file. */
    static String build() {
        try {
            Path code = Path.of(Daemon.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The part of an environment archgov reads. */
    static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> read = new TreeMap<>();
        env.forEach((k, v) -> {
            if (ENVIRONMENT.contains(k) || k.startsWith("ARCHGOV_") || k.startsWith("GITHUB_") || k.startsWith("RUNNER_")) {
                read.put(k, v);
            }
        });
        return read;
    }

    /**
     * Asks the daemon for {@code cwd} to run {@code args}, its output written to {@code out} and {@code err}: the exit code,
     * or empty when there is none or it refused (run directly). Without {@code --color}, the colour is decided here,
     * where the terminal is.
     */
    static OptionalInt ask(Path socket, Request request, boolean terminalColour, PrintStream out, PrintStream err) {
        if (!Files.exists(socket)) {
            return OptionalInt.empty();
        }
        List<String> args = new ArrayList<>(request.args());
        if (args.stream().noneMatch(a -> a.equals("--color") || a.startsWith("--color="))) {
            args.add(1, "--color=" + (terminalColour ? "always" : "never"));
        }
        boolean received = false;
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            DataOutputStream to = new DataOutputStream(Channels.newOutputStream(channel));
            byte[] body = JSON.writeValueAsBytes(new Request(request.cwd(), request.build(), request.environment(), args));
            to.writeInt(body.length);
            to.write(body);
            to.flush();
            DataInputStream from = new DataInputStream(Channels.newInputStream(channel));
            while (true) {
                byte type = from.readByte();
                byte[] data = new byte[length(from)];
                from.readFully(data);
                if (type == REFUSED) {
                    return OptionalInt.empty();
                }
                received = true;
                if (type == EXIT) {
                    out.flush();
                    err.flush();
                    return OptionalInt.of(Integer.parseInt(new String(data, StandardCharsets.UTF_8)));
                }
                (type == OUT ? out : err).write(data);
            }
        } catch (IOException | RuntimeException e) {
            if (!received) {
                return OptionalInt.empty(); // a stale socket, a daemon gone: run directly
            }
            err.println("archgov: error: the daemon stopped during the run (" + e.getMessage() + "); run again");
            return OptionalInt.of(ExitCodes.RUNTIME);
        }
    }

    /**
     * Serves requests on {@code socket} one at a time until none came for {@code idle} (or the thread is interrupted),
     * for {@code cwd} and this JVM's environment; removes the socket when it ends. Fails when another daemon serves there.
     */
    static void serve(Path socket, Path cwd, Map<String, String> env, Duration idle, PrintStream log) throws IOException {
        Files.createDirectories(socket.getParent());
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------")); // also when it was there
        if (Files.exists(socket)) {
            boolean alive;
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                alive = true;
            } catch (IOException e) {
                alive = false;
            }
            if (alive) {
                throw new IOException("a daemon already serves " + cwd + " (" + socket + ")");
            }
            Files.deleteIfExists(socket); // left by a daemon that did not end cleanly
        }
        Map<String, String> environment = environment(env);
        String build = build();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            log.println("archgov daemon: serving check and gate in " + cwd + " on " + socket + " until idle for " + minutes(idle));
            long last = System.nanoTime();
            while (true) {
                long left = idle.toMillis() - (System.nanoTime() - last) / 1_000_000;
                if (left <= 0) {
                    log.println("archgov daemon: idle for " + minutes(idle) + ", stopping");
                    return;
                }
                int ready = selector.select(left);
                if (Thread.currentThread().isInterrupted()) { // whoever started it in this JVM stops it
                    log.println("archgov daemon: interrupted, stopping");
                    return;
                }
                if (ready == 0) {
                    continue;
                }
                selector.selectedKeys().clear();
                SocketChannel client = server.accept();
                if (client == null) {
                    continue;
                }
                try (client) {
                    client.configureBlocking(true);
                    long started = System.nanoTime();
                    String served = answer(client, cwd, build, environment);
                    log.printf("archgov daemon: %s (%.1f s)%n", served, (System.nanoTime() - started) / 1e9);
                } catch (EOFException e) {
                    // a probe (another daemon starting), or a client gone before asking
                } catch (IOException | RuntimeException e) {
                    log.println("archgov daemon: a request failed: " + e.getMessage());
                } catch (VirtualMachineError e) { // out of memory, stack overflow: this JVM's state is not to be trusted
                    log.println("archgov daemon: stopping after " + e);
                    return;
                }
                last = System.nanoTime();
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** Answers one request; says what it did. */
    private static String answer(SocketChannel client, Path cwd, String build, Map<String, String> environment) throws IOException {
        DataInputStream from = new DataInputStream(Channels.newInputStream(client));
        byte[] body = new byte[length(from)];
        from.readFully(body);
        Request request = JSON.readValue(body, Request.class);
        DataOutputStream to = new DataOutputStream(Channels.newOutputStream(client));
        String refusal = !Path.of(request.cwd()).equals(cwd) ? "another working directory"
                : !request.build().equals(build) ? "another archgov build"
                : !request.environment().equals(environment) ? "another environment"
                : !serves(request.args().toArray(String[]::new), request.environment()) ? "not a run it serves" : null;
        if (refusal != null) {
            frame(to, REFUSED, refusal.getBytes(StandardCharsets.UTF_8));
            return "refused " + String.join(" ", request.args()) + ": " + refusal;
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new Frames(to, OUT), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new Frames(to, ERR), StandardCharsets.UTF_8), true);
        CommandLine commandLine = ArchgovCommand.commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        int exit;
        try {
            exit = commandLine.execute(request.args().toArray(String[]::new));
        } catch (OutOfMemoryError e) {
            err.println("archgov: error: out of memory in the daemon (" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB heap)");
            exit = ExitCodes.RUNTIME;
        }
        out.flush();
        err.flush();
        frame(to, EXIT, Integer.toString(exit).getBytes(StandardCharsets.UTF_8));
        return "ran " + String.join(" ", request.args()) + ": exit " + exit;
    }

    /** The length of the next message or frame; a length no archgov writes ends the exchange. */
    private static int length(DataInputStream from) throws IOException {
        int length = from.readInt();
        if (length < 0 || length > MAX_MESSAGE) {
            throw new IOException("not an archgov daemon message (length " + length + ")");
        }
        return length;
    }

    private static void frame(DataOutputStream to, byte type, byte[] data) throws IOException {
        synchronized (to) {
            to.writeByte(type);
            to.writeInt(data.length);
            to.write(data);
            to.flush();
        }
    }

    /** An output stream sent to the client as frames of one type, in the order written. */
    private static final class Frames extends OutputStream {
        private final DataOutputStream to;
        private final byte type;

        Frames(DataOutputStream to, byte type) {
            this.to = to;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                frame(to, type, Arrays.copyOfRange(b, off, off + len));
            }
        }
    }
}
