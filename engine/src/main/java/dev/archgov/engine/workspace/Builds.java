package dev.archgov.engine.workspace;


import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds a commit exported to a temporary directory ({@code gate --analyze-base}, {@code audit}): the build command,
 * run with {@code sh -c}, its output kept in a log of which the tail is reported, a timeout that kills the whole
 * process tree, and the same for Ctrl-C (see {@link #stopRunning()}).
 */
public final class Builds {
    public static final int LOG_TAIL = 20;
    private static final AtomicReference<Process> RUNNING = new AtomicReference<>();
    /** Held while a build starts and while a stop looks for the build to kill, so a stop never misses one just started. */
    private static final Object STARTING = new Object();
    private static final AtomicReference<Path> RUNNING_LOG = new AtomicReference<>();
    /** Set by {@link #stopRunning()}: a build killed because archgov is stopping is no build outcome to record. */
    private static volatile boolean stopping;

    private Builds() {
    }

    /** How a build ended. {@code exitCode} is -1 after a timeout. */
    public record Outcome(int exitCode, boolean timedOut, List<String> logTail, long millis) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        public String tail() {
            return String.join("\n", logTail);
        }

        /**
         * The build ended by an interrupt (SIGINT, SIGTERM or SIGHUP: exit 130, 143 or 129), as when Ctrl-C or a CI
         * cancel signals the whole process group: not a result about the commit.
         */
        public boolean interrupted() {
            return !timedOut && (exitCode == 130 || exitCode == 143 || exitCode == 129);
        }
    }

    /**
     * The command given on the command line, else the contract's {@code build:}, else one guessed from the build files
     * in {@code dir}: {@code ./mvnw} or {@code mvn -q -B -DskipTests package} with a pom.xml, {@code ./gradlew -q classes}.
     */
    public static Optional<String> command(Optional<String> given, Optional<String> contractBuild, Path dir) {
        if (given.isPresent()) {
            return given;
        }
        if (contractBuild.isPresent()) {
            return contractBuild;
        }
        if (Files.exists(dir.resolve("pom.xml"))) {
            return Optional.of((Files.isRegularFile(dir.resolve("mvnw")) ? "./mvnw" : "mvn") + " -q -B -DskipTests package");
        }
        if (Files.isRegularFile(dir.resolve("gradlew"))) {
            return Optional.of("./gradlew -q classes");
        }
        return Optional.empty();
    }

    /** Runs {@code command} in {@code dir}; with a timeout, the process and everything it started are killed when it passes. */
    public static Outcome run(Path dir, String command, Optional<Duration> timeout) {
        return run(dir, command, timeout, null);
    }

    /** {@link #run(Path, String, Optional)}, the whole output kept in {@code keep} (the caller reads and deletes it). */
    public static Outcome runCapturing(Path dir, String command, Optional<Duration> timeout, Path keep) {
        return run(dir, command, timeout, keep);
    }

    private static Outcome run(Path dir, String command, Optional<Duration> timeout, Path keep) {
        long start = System.nanoTime();
        Path log = null;
        Process process = null;
        try {
            log = keep != null ? keep : Files.createTempFile("archgov-build-", ".log");
            RUNNING_LOG.set(log);
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            synchronized (STARTING) { // a stop either comes first (nothing is started) or finds the build to kill
                if (stopping) {
                    throw new IllegalStateException("stopped before building: " + command);
                }
                process = builder.start();
                RUNNING.set(process);
            }
            boolean finished;
            if (timeout.isPresent()) {
                finished = process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                process.waitFor();
                finished = true;
            }
            if (!finished) {
                kill(process);
            }
            if (stopping) {
                throw new IllegalStateException("stopped while building: " + command);
            }
            return new Outcome(finished ? process.exitValue() : -1, !finished, tail(log), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            if (process != null) {
                kill(process);
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building: " + command, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the build '" + command + "' in " + dir + ": " + e.getMessage(), e);
        } finally {
            RUNNING.set(null);
            RUNNING_LOG.set(null);
            if (log != null && keep == null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /**
     * The last {@link #LOG_TAIL} lines of a build log of any size and encoding: only its end is read, and bytes that
     * are not UTF-8 (a compiler writing Latin-1, say) become U+FFFD instead of failing the audit.
     */
    public static List<String> tail(Path log) throws IOException {
        final int window = 64 * 1024;
        try (SeekableByteChannel in = Files.newByteChannel(log)) {
            long size = in.size();
            long from = Math.max(0, size - window);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            in.position(from);
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // fill
            }
            List<String> lines = new ArrayList<>(List.of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
                    .split("\r?\n", -1)));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0); // cut in the middle of a line
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
        }
    }

    /** Kills the build that is running, if any, with everything it started, and removes its log (for a shutdown hook). */
    public static void stopRunning() {
        Process p;
        synchronized (STARTING) {
            stopping = true;
            p = RUNNING.getAndSet(null);
        }
        if (p != null) {
            kill(p);
        }
        Path log = RUNNING_LOG.getAndSet(null);
        if (log != null) {
            log.toFile().delete();
        }
    }

    private static void kill(Process process) {
        List<ProcessHandle> tree = process.descendants().toList(); // before the parent dies and they are re-parented
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * Deletes a temporary directory tree, best effort: whatever cannot be deleted (or was deleted meanwhile, by the
     * shutdown hook and the work thread at once) is passed over, and the rest is still deleted. Links are not followed.
     */
    public static void quietlyDelete(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    file.toFile().delete();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    d.toFile().delete();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
