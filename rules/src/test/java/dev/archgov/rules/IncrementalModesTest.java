package dev.archgov.rules;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a run is incremental and when it is full, as {@code timings.mode} says: the first run, an unchanged tree (the
 * result cache), a changed class and the classes that reach it, a removed class, a change no other class can see,
 * {@code --full}, a graph-wide rule, a
 * damaged or foreign store, the share of changed classes.
 */
class IncrementalModesTest {
    @TempDir
    Path dir;

    private static final String STUBS = """
            package org.redisson.api;
            public interface RLock extends java.util.concurrent.locks.Lock {}
            """;

    private void write(String path, String code) throws IOException {
        Path file = dir.resolve("src").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, code);
    }

    private void compile() throws IOException {
        Path classes = dir.resolve("classes");
        if (Files.exists(classes)) {
            try (Stream<Path> old = Files.walk(classes)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<String> args = new ArrayList<>(List.of("-g", "-proc:none", "--release", "17", "-d", classes.toString()));
        try (Stream<Path> sources = Files.walk(dir.resolve("src"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new))).as(err.toString()).isZero();
    }

    private Path project(String packs) throws IOException {
        write("org/redisson/api/RLock.java", STUBS);
        write("shop/Locking.java", """
                package shop;
                public class Locking {
                    static org.redisson.api.RLock lock;
                    public static void take() { lock.lock(); }
                    public static void give() { lock.unlock(); }
                }
                """);
        write("shop/Sale.java", """
                package shop;
                public class Sale {
                    int stock;
                    public void sell() { Locking.take(); stock--; }
                }
                """);
        write("shop/Other.java", "package shop;\npublic class Other { int n; void touch() { n++; } }\n");
        write("shop/Unused.java", "package shop;\npublic class Unused { }\n");
        compile();
        return Files.writeString(dir.resolve("archgov.yaml"), "version: 1\nname: modes\nextends: [" + packs + "]\n"
                + "analyze:\n  classes: [classes]\n  sources: [src]\n");
    }

    /** The lock project with Redisson's client and Spring's {@code @Transactional} as stubs among its classes. */
    private Path projectWithTransactions() throws IOException {
        Path contract = project("builtin:lock");
        write("org/redisson/api/RedissonClient.java", "package org.redisson.api;\npublic interface RedissonClient { RLock getLock(String name); }\n");
        write("org/springframework/transaction/annotation/Transactional.java", """
                package org.springframework.transaction.annotation;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Transactional {}
                """);
        return contract;
    }

    /** The lock project with Redisson's lock taking a lease ({@code lock(long, TimeUnit)}). */
    private Path projectWithLeases() throws IOException {
        Path contract = project("builtin:lock");
        write("org/redisson/api/RLock.java", """
                package org.redisson.api;
                public interface RLock extends java.util.concurrent.locks.Lock { void lock(long lease, java.util.concurrent.TimeUnit unit); }
                """);
        return contract;
    }

    /** The lock utility over Redisson's client: {@code take()} calls {@code take} on lock {@code name}, {@code give()} calls {@code give} on "stock". */
    private void writeLocking(String name, String take, String give) throws IOException {
        write("shop/Locking.java", """
                package shop;
                public class Locking {
                    static org.redisson.api.RedissonClient redisson;
                    public static void take() { redisson.getLock("%s").%s(); }
                    public static void give() { redisson.getLock("stock").%s(); }
                }
                """.formatted(name, take, give));
    }

    /** {@code Helper}, which calls the lock utility {@code Locking}, and {@code Sale}, whose transaction calls {@code Helper}. */
    private void writeHelperAndSale() throws IOException {
        write("shop/Helper.java", "package shop;\npublic class Helper { public static void grab() { Locking.take(); } "
                + "public static void drop() { Locking.give(); } }\n");
        write("shop/Sale.java", """
                package shop;
                public class Sale {
                    int stock;
                    @org.springframework.transaction.annotation.Transactional
                    public void sell() { Helper.grab(); try { stock--; } finally { Helper.drop(); } }
                }
                """);
    }

    private Report check(Path contract, boolean full) {
        return Archgov.check(contract, new CheckRunner.Options(Severity.INFO, LocalDate.of(2026, 1, 1), false,
                Optional.of(dir.resolve("cache")), full));
    }

    private Report fresh(Path contract) {
        return Archgov.check(contract, new CheckRunner.Options(Severity.INFO, LocalDate.of(2026, 1, 1), false));
    }

    /** Steps of a test that read and write files. */
    private interface Steps {
        void run() throws IOException;
    }

    /** Runs {@code steps} with every change allowed to be incremental, however much of these small projects it reaches. */
    private static void withoutLimits(Steps steps) throws IOException {
        System.setProperty("archgov.incremental.maxChanged", "100");
        System.setProperty("archgov.incremental.maxImported", "100");
        try {
            steps.run();
        } finally {
            System.clearProperty("archgov.incremental.maxChanged");
            System.clearProperty("archgov.incremental.maxImported");
        }
    }

    @Test
    void aChangeReChecksWhatReachesItAndNothingElse() throws IOException {
        withoutLimits(() -> {
            Path contract = project("builtin:lock");
            assertThat(check(contract, false).timings().mode()).isEqualTo("full (no earlier per-class results)");
            assertThat(check(contract, false).timings().mode()).isEqualTo("cache-hit");

            // the lock utility now releases nothing: its callers are re-checked with it, Other and Unused are not
            write("shop/Locking.java", """
                    package shop;
                    public class Locking {
                        static org.redisson.api.RLock lock;
                        public static void take() { lock.lock(); }
                        public static void give() { }
                    }
                    """);
            compile();
            Report incremental = check(contract, false);
            assertThat(incremental.timings().mode()).isEqualTo("incremental(2 classes)");
            assertThat(incremental.findings()).isEqualTo(fresh(contract).findings());

            Files.delete(dir.resolve("src/shop/Unused.java"));
            compile();
            Report removed = check(contract, false);
            assertThat(removed.timings().mode()).as("nothing refers to it: nothing to re-check").isEqualTo("incremental(0 classes)");
            assertThat(removed.target().classes()).isEqualTo(fresh(contract).target().classes());

            // a change no other class can see (the same declarations and calls, and no lock within reach): that class alone
            write("shop/Other.java", "package shop;\npublic class Other { int n; void touch() { n += 2; } }\n");
            compile();
            Report quiet = check(contract, false);
            assertThat(quiet.timings().mode()).isEqualTo("incremental(1 classes)");
            assertThat(quiet.findings()).isEqualTo(fresh(contract).findings());

            // the same calls in the class, but each method makes the other's: what they do with the lock changed, its callers see it
            write("shop/Locking.java", """
                    package shop;
                    public class Locking {
                        static org.redisson.api.RLock lock;
                        public static void take() { lock.unlock(); }
                        public static void give() { lock.lock(); }
                    }
                    """);
            compile();
            Report swapped = check(contract, false);
            assertThat(swapped.timings().mode()).isEqualTo("incremental(2 classes)");
            assertThat(swapped.findings()).isEqualTo(fresh(contract).findings());

            write("shop/Other.java", "package shop;\npublic class Other { int n; void touch() { n += 3; } }\n");
            compile();
            assertThat(check(contract, true).timings().mode()).isEqualTo("full (--full)");
        });
    }

    /**
     * A method body changed with the same calls is seen by the classes whose findings use its summaries, as many calls
     * above it as summaries reach: here a lock utility two calls below the transaction that takes the lock.
     */
    @Test
    void aBodyChangeIsReCheckedAsFarUpAsItsSummariesAreSeen() throws IOException {
        withoutLimits(() -> {
            Path contract = projectWithTransactions();
            writeLocking("stock", "lock", "unlock");
            writeHelperAndSale();
            compile();
            assertThat(check(contract, false).timings().mode()).isEqualTo("full (no earlier per-class results)");
            assertThat(fresh(contract).findings()).as("a lock taken two calls down inside the transaction")
                    .anyMatch(f -> f.className().equals("shop.Sale"));
            // the same calls in the class, each method the other's: other summaries, followed as far up as they are seen
            writeLocking("stock", "unlock", "lock");
            compile();
            Report swapped = check(contract, false);
            assertThat(swapped.timings().mode()).isEqualTo("incremental(3 classes)");
            assertThat(swapped.findings()).isEqualTo(fresh(contract).findings());
            assertThat(swapped.findings()).noneMatch(f -> f.className().equals("shop.Sale"));
        });
    }

    /**
     * A method body changed with the same calls whose summaries come out as they were is re-checked alone, however near
     * a lock it is: here the lock utility two calls below the transaction takes another lock the same way.
     */
    @Test
    void aBodyChangeThatLeavesItsSummariesAsTheyWereIsReCheckedAlone() throws IOException {
        withoutLimits(() -> {
            Path contract = projectWithTransactions();
            writeLocking("stock", "lock", "unlock");
            writeHelperAndSale();
            compile();
            check(contract, false);
            writeLocking("store", "lock", "unlock"); // another constant: the same calls, the same summaries
            compile();
            Report same = check(contract, false);
            assertThat(same.timings().mode()).isEqualTo("incremental(1 classes)");
            assertThat(same.findings()).isEqualTo(fresh(contract).findings());
            assertThat(same.findings()).as("the finding two calls above stays").anyMatch(f -> f.className().equals("shop.Sale"));
        });
    }

    /**
     * A class that implements an interface and calls it on another object is one of its callers: when an implementation's
     * body changes, what that call may do changes. Here {@code Relay} implements {@code Task} (doing nothing) and its
     * transaction runs another {@code Task}; {@code Stocking}'s {@code run} and {@code done} swap the lock and unlock.
     */
    @Test
    void aClassThatImplementsATypeAndCallsItIsReCheckedWithItsImplementations() throws IOException {
        withoutLimits(() -> {
            Path contract = projectWithTransactions();
            write("shop/Task.java", "package shop;\npublic interface Task { void run(); void done(); }\n");
            String stocking = """
                    package shop;
                    public class Stocking implements Task {
                        static org.redisson.api.RedissonClient redisson;
                        public void run() { redisson.getLock("stock").%s(); }
                        public void done() { redisson.getLock("stock").%s(); }
                    }
                    """;
            write("shop/Stocking.java", stocking.formatted("lock", "unlock"));
            write("shop/Relay.java", """
                    package shop;
                    public class Relay implements Task {
                        Task next;
                        int stock;
                        public void run() { }
                        public void done() { }
                        @org.springframework.transaction.annotation.Transactional
                        public void sell() { next.run(); try { stock--; } finally { next.done(); } }
                    }
                    """);
            compile();
            check(contract, false);
            assertThat(fresh(contract).findings()).as("a lock taken through Task.run() inside the transaction, released before it commits")
                    .anyMatch(f -> f.className().equals("shop.Relay"));
            write("shop/Stocking.java", stocking.formatted("unlock", "lock"));
            compile();
            Report changed = check(contract, false);
            assertThat(changed.findings()).isEqualTo(fresh(contract).findings());
            assertThat(changed.findings()).noneMatch(f -> f.className().equals("shop.Relay"));
            assertThat(changed.timings().mode()).as("Stocking, Relay and Task (whose calls on itself may run Stocking)").isEqualTo("incremental(3 classes)");
        });
    }

    /**
     * A method body changed with each method calling what it called, whose summaries changed: compared, found different,
     * and followed as far up as summaries are seen. Here the lease utility two calls below {@code Sale} stops handing its
     * lease parameter to Redisson (it passes a constant of its own): the fixed lease {@code Sale} passes down is no finding
     * any more, and the utility's own constant is.
     */
    @Test
    void aBodyChangeWhoseSummariesChangedIsFollowedAsFarUpAsTheyAreSeen() throws IOException {
        withoutLimits(() -> {
            Path contract = projectWithLeases();
            String locking = """
                    package shop;
                    public class Locking {
                        static org.redisson.api.RLock lock;
                        public static void take(long lease) { lock.lock(%s, java.util.concurrent.TimeUnit.SECONDS); }
                    }
                    """;
            write("shop/Locking.java", locking.formatted("lease"));
            write("shop/Helper.java", "package shop;\npublic class Helper { public static void grab(long lease) { Locking.take(lease); } }\n");
            write("shop/Sale.java", "package shop;\npublic class Sale { public void sell() { Helper.grab(10L); } }\n");
            compile();
            check(contract, false);
            assertThat(fresh(contract).findings()).anyMatch(f -> f.className().equals("shop.Sale") && f.detail().contains("fixed lease of 10"));
            write("shop/Locking.java", locking.formatted("30L"));
            compile();
            Report changed = check(contract, false);
            assertThat(changed.findings()).isEqualTo(fresh(contract).findings());
            assertThat(changed.findings()).noneMatch(f -> f.className().equals("shop.Sale"))
                    .anyMatch(f -> f.className().equals("shop.Locking") && f.detail().contains("fixed lease of 30"));
            assertThat(changed.timings().mode()).as("Locking, Helper and Sale").isEqualTo("incremental(3 classes)");
        });
    }

    /**
     * A class with a recursive method is compared like any other: a summary is a function of the method and the depth it
     * is asked at (a recursion is followed down to the depth limit), so equal summaries mean nobody sees the change.
     */
    @Test
    void aRecursiveClassIsComparedLikeAnyOther() throws IOException {
        withoutLimits(() -> {
            Path contract = projectWithTransactions();
            String locking = """
                    package shop;
                    public class Locking {
                        static org.redisson.api.RedissonClient redisson;
                        public static void take() { take(3); }
                        static void take(int tries) { if (tries > 0) { take(tries - 1); } else { redisson.getLock("%s").lock(); } }
                        public static void give() { redisson.getLock("stock").unlock(); }
                    }
                    """;
            write("shop/Locking.java", locking.formatted("stock"));
            writeHelperAndSale();
            compile();
            check(contract, false);
            write("shop/Locking.java", locking.formatted("store")); // the same calls, the same summaries
            compile();
            Report same = check(contract, false);
            assertThat(same.findings()).isEqualTo(fresh(contract).findings());
            assertThat(same.timings().mode()).as("Locking alone").isEqualTo("incremental(1 classes)");
        });
    }

    /**
     * A class whose methods share a recursive cycle of summaries with another class's is judged by its summaries like any
     * other. Here {@code Relay.pass} and {@code Leases.hold} call each other; {@code Relay} stops handing its lease
     * parameter to {@code Inner.take} (it passes a constant, its own finding). Its summaries stay the same — the lease
     * parameter still reaches Redisson through {@code Leases.hold} — so it is re-checked alone, and the lease of 7 that
     * {@code Sale} passes to {@code Leases.hold} still reaches Redisson through the recursion ({@code hold(5, 7)} runs
     * {@code pass(7)}, which runs {@code hold(7, 7)}): a summary follows a recursive call like any other.
     */
    @Test
    void aClassInARecursiveCycleWithAnotherIsJudgedByItsSummaries() throws IOException {
        withoutLimits(() -> {
            Path contract = projectWithLeases();
            write("shop/Leases.java", """
                    package shop;
                    public class Leases {
                        static org.redisson.api.RLock lock;
                        static final Relay RELAY = new Relay();
                        public static void hold(long lease, long relayed) {
                            lock.lock(lease, java.util.concurrent.TimeUnit.SECONDS);
                            RELAY.pass(relayed);
                        }
                    }
                    """);
            String relay = """
                    package shop;
                    public class Relay {
                        public void pass(long lease) { Inner.take(%s); Leases.hold(lease, lease); }
                    }
                    """;
            write("shop/Relay.java", relay.formatted("lease"));
            write("shop/Inner.java", """
                    package shop;
                    public class Inner {
                        static org.redisson.api.RLock lock;
                        public static void take(long lease) { lock.lock(lease, java.util.concurrent.TimeUnit.SECONDS); }
                    }
                    """);
            write("shop/Sale.java", "package shop;\npublic class Sale { public void sell() { Leases.hold(5L, 7L); } }\n");
            compile();
            check(contract, false);
            assertThat(fresh(contract).findings()).as("the lease of 7 is handed to Redisson through Relay and Inner")
                    .anyMatch(f -> f.className().equals("shop.Sale") && f.detail().contains("fixed lease of 7"));
            write("shop/Relay.java", relay.formatted("10L"));
            compile();
            Report changed = check(contract, false);
            assertThat(changed.findings()).isEqualTo(fresh(contract).findings());
            assertThat(changed.findings()).anyMatch(f -> f.className().equals("shop.Sale") && f.detail().contains("fixed lease of 7"))
                    .anyMatch(f -> f.className().equals("shop.Relay") && f.detail().contains("fixed lease of 10"));
            assertThat(changed.timings().mode()).as("Relay alone").isEqualTo("incremental(1 classes)");
        });
    }

    /**
     * A type with more implementations than summaries follow stays one in an incremental run, which imports few of them:
     * here {@code Runner.go(Step)} calls a {@code Step}, one of 17 implementations of which takes a lock; a full run
     * follows none of them. {@code Runner} releases a lock of its own, so the re-checked {@code Sale}'s summaries take it
     * in (it is imported), with the locking {@code Step} it constructs, but not the others: the run is told which types
     * are extension points ({@code Summaries.extensionPoints}), or it would follow the one it holds.
     */
    @Test
    void anExtensionPointStaysOneWhenFewOfItsImplementationsAreImported() throws IOException {
        withoutLimits(() -> {
            Path contract = projectWithTransactions();
            write("shop/Step.java", "package shop;\npublic interface Step { void run(); }\n");
            for (int i = 0; i < 16; i++) {
                write("shop/Step" + i + ".java", "package shop;\npublic class Step" + i + " implements Step { public void run() { } }\n");
            }
            write("shop/LockingStep.java", """
                    package shop;
                    public class LockingStep implements Step {
                        static org.redisson.api.RedissonClient redisson;
                        public void run() { redisson.getLock("step").lock(); }
                    }
                    """);
            write("shop/Runner.java", """
                    package shop;
                    public class Runner {
                        static org.redisson.api.RedissonClient redisson;
                        public static void go(Step s) { s.run(); }
                        public static void done() { redisson.getLock("step").unlock(); }
                    }
                    """);
            String sale = """
                    package shop;
                    public class Sale {
                        int stock;
                        @org.springframework.transaction.annotation.Transactional
                        public void sell() { Runner.go(new LockingStep()); try { stock -= %d; } finally { Runner.done(); } }
                    }
                    """;
            write("shop/Sale.java", sale.formatted(1));
            compile();
            check(contract, false);
            write("shop/Sale.java", sale.formatted(2)); // a body change: Sale is re-checked
            compile();
            Report incremental = check(contract, false);
            assertThat(incremental.timings().mode()).startsWith("incremental(");
            assertThat(incremental.findings()).isEqualTo(fresh(contract).findings());
            assertThat(incremental.findings()).as("a lock through a call on the extension point").noneMatch(f -> f.className().equals("shop.Sale"));
        });
    }

    /** Classes in a jar: the changed entries are imported from it alone (jar URIs), and the result is a full run's. */
    @Test
    void classesInAJarAreReCheckedByEntry() throws IOException {
        withoutLimits(() -> {
            project("builtin:lock");
            Path contract = Files.writeString(dir.resolve("archgov.yaml"),
                    "version: 1\nname: modes\nextends: [builtin:lock]\nanalyze:\n  classes: [app.jar]\n  sources: [src]\n");
            jar();
            assertThat(check(contract, false).timings().mode()).isEqualTo("full (no earlier per-class results)");
            write("shop/Sale.java", """
                    package shop;
                    public class Sale {
                        int stock;
                        public void sell() { Locking.take(); try { stock--; } finally { Locking.give(); } }
                    }
                    """);
            compile();
            jar();
            Report incremental = check(contract, false);
            assertThat(incremental.timings().mode()).isEqualTo("incremental(1 classes)");
            Report full = fresh(contract);
            assertThat(incremental.findings()).isEqualTo(full.findings());
            assertThat(incremental.rules()).extracting(r -> r.id() + " " + r.checked() + " " + r.findings())
                    .isEqualTo(full.rules().stream().map(r -> r.id() + " " + r.checked() + " " + r.findings()).toList());
        });
    }

    private void jar() throws IOException {
        // the JVM keeps jars it read through jar: URLs open; one rewritten in place would be read from the old copy
        URLConnection.setDefaultUseCaches("jar", false);
        Path classes = dir.resolve("classes");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("app.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
    }

    @Test
    void aGraphWideRuleMakesEveryRunFullAndKeepsNothing() throws IOException {
        Path contract = project("builtin:generic, builtin:lock");
        assertThat(check(contract, false).timings().mode()).matches("full \\(rule GEN-\\S+ \\(\\S+\\) is graph-wide\\)");
        try (Stream<Path> cache = Files.list(dir.resolve("cache"))) {
            assertThat(cache.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".classes.json"));
        }
    }

    @Test
    void aDamagedStoreOrTooManyChangesMeanAFullRun() throws IOException {
        Path contract = project("builtin:lock");
        check(contract, false);
        Path store;
        try (Stream<Path> cache = Files.list(dir.resolve("cache"))) {
            store = cache.filter(p -> p.getFileName().toString().endsWith(".classes.json")).findFirst().orElseThrow();
        }
        write("shop/Other.java", "package shop;\npublic class Other { int n; void touch() { n += 3; } }\n");
        compile();
        assertThat(check(contract, false).timings().mode()).as("1 of 5 classes is more than 5 %")
                .isEqualTo("full (1 of 5 classes changed, more than 5 %)");

        String sealed = Files.readString(store);
        assertThat(sealed).contains("shop.Other");
        Files.writeString(store, sealed.replace("shop.Other", "shop.0ther"));
        write("shop/Other.java", "package shop;\npublic class Other { int n; void touch() { n += 4; } }\n");
        compile();
        assertThat(check(contract, false).timings().mode()).as("an edited store is not trusted").isEqualTo("full (no earlier per-class results)");
    }
}
