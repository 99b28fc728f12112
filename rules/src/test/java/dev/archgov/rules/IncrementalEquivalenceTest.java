package dev.archgov.rules;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incremental run must give exactly a full run's result. Over generated projects (services calling each other,
 * Redisson locks taken well and badly, transactions, an interface with implementations reached through it, a
 * forbidden package dependency, in some projects one on what a class depends on), random edits are applied in sequence —
 * a call added or removed, a lock added or removed, a transaction toggled, a field dependency added, a class added or
 * removed, an implementation added, a statement that calls nothing or only names a class added (a change other classes
 * cannot see, unless a rule reads what a class depends on), a lock utility's lock and unlock swapped (the same calls in
 * the class, each method the other's, other summaries), a lease utility's lease made a constant or its parameter again (each method calls what it called,
 * other summaries: compared with the last run's) — and after
 * each one the run that reuses the previous per-class results is compared with a fresh full run: the same findings
 * (rule, fingerprint, path, line, detail), the same checked counts and notices per rule, the same class counts.
 */
class IncrementalEquivalenceTest {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final Map<String, AtomicInteger> MODES = new ConcurrentHashMap<>();
    private static final int EDITS = 3;

    @AfterContainer
    static void incrementalRunsHappened() {
        System.clearProperty("archgov.incremental.maxChanged");
        System.clearProperty("archgov.incremental.maxImported");
        int incremental = MODES.entrySet().stream().filter(e -> e.getKey().startsWith("incremental(")).mapToInt(e -> e.getValue().get()).sum();
        int all = MODES.values().stream().mapToInt(AtomicInteger::get).sum();
        // the comparison proves nothing if the runs were full: most edits must have been re-checked incrementally
        System.out.println("IncrementalEquivalenceTest: runs by mode " + MODES);
        assertThat(incremental).as("incremental runs among %s", MODES).isGreaterThan(all / 2);
    }

    @Property(tries = 200, seed = "20261130")
    void incrementalRunsEqualFullRuns(@ForAll long seed) throws IOException {
        // every change may be incremental here, however much of these small projects it reaches
        System.setProperty("archgov.incremental.maxChanged", "100");
        System.setProperty("archgov.incremental.maxImported", "100");
        Path dir = Files.createTempDirectory("archgov-incremental");
        try {
            Random random = new Random(seed);
            Project project = Project.random(random);
            Path contract = project.write(dir);
            CheckRunner.Options cached = new CheckRunner.Options(Severity.INFO, LocalDate.of(2026, 1, 1), false, Optional.of(dir.resolve("cache")));
            CheckRunner.Options fresh = new CheckRunner.Options(Severity.INFO, LocalDate.of(2026, 1, 1), false);
            Archgov.check(contract, cached); // keeps the per-class results
            List<String> edits = new ArrayList<>();
            for (int i = 0; i < EDITS; i++) {
                edits.add(project.edit(random));
                project.write(dir);
                Report incremental = Archgov.check(contract, cached);
                Report full = Archgov.check(contract, fresh);
                MODES.computeIfAbsent(incremental.timings().mode().replaceAll("\\(\\d+ classes\\)", "(n classes)"), k -> new AtomicInteger())
                        .incrementAndGet();
                assertThat(summary(incremental)).as("seed %d after %s (%s)", seed, edits, incremental.timings().mode()).isEqualTo(summary(full));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Everything a report says about the code, without timings. */
    static List<String> summary(Report r) {
        List<String> lines = new ArrayList<>();
        lines.add("classes " + r.target().classes() + " packages " + r.target().packages() + " score " + r.score().overall());
        r.rules().forEach(rule -> lines.add(rule.id() + " checked " + rule.checked() + " violating " + rule.violating() + " findings "
                + rule.findings() + " unmatched " + rule.unmatched()));
        r.findings().stream().map(IncrementalEquivalenceTest::line).forEach(lines::add);
        r.notices().forEach(n -> lines.add("notice " + n));
        return lines;
    }

    private static String line(Finding f) {
        return f.ruleId() + " " + f.fingerprint() + " " + f.path() + ":" + f.line() + " " + f.className() + " " + f.element() + " " + f.detail();
    }

    /** A generated project: classes with methods made of statements, and what each statement refers to. */
    static final class Project {
        /** A statement: a call of another class's method, a lock taken (well, leaked or unchecked), a call through the interface. */
        record Statement(String kind, int target, int method) {
        }

        static final class Method {
            boolean transactional;
            final List<Statement> body = new ArrayList<>();
        }

        static final class Clazz {
            final int pkg;
            boolean api;
            /** Whether its static lock utility ({@code acquire}/{@code release}) takes a lock, or does nothing. */
            boolean locker;
            /** Whether that utility's {@code acquire} unlocks and its {@code release} locks (the same calls as the other way round). */
            boolean swapped;
            /** Whether its static lease utility ({@code hold(lease)}) gives Redisson a constant lease rather than its parameter. */
            boolean fixedLease;
            final List<Integer> fields = new ArrayList<>();
            final List<Method> methods = new ArrayList<>();

            Clazz(int pkg) {
                this.pkg = pkg;
            }
        }

        final Map<Integer, Clazz> classes = new TreeMap<>();
        int next;
        /** Whether the contract has a rule about what the classes p0 uses depend on ({@code dependsOn}). */
        boolean dependsOnRule;

        static Project random(Random random) {
            Project p = new Project();
            p.dependsOnRule = random.nextBoolean();
            int n = 4 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                p.addClass(random);
            }
            for (int i = 0; i < n * 2; i++) {
                p.addStatement(random);
            }
            return p;
        }

        void addClass(Random random) {
            Clazz c = new Clazz(random.nextInt(3));
            c.api = random.nextInt(3) == 0;
            c.locker = random.nextBoolean();
            int methods = 1 + random.nextInt(3);
            for (int m = 0; m < methods; m++) {
                Method method = new Method();
                method.transactional = random.nextInt(3) == 0;
                c.methods.add(method);
            }
            classes.put(next++, c);
        }

        void addStatement(Random random) {
            String[] kinds = {"call", "call", "lock", "leak", "unchecked", "api", "count", "wrapped", "wrapped", "wrappedLeak", "literal", "held"};
            addStatement(random, kinds[random.nextInt(kinds.length)]);
        }

        void addStatement(Random random, String kind) {
            Clazz c = pick(random);
            Method m = c.methods.get(random.nextInt(c.methods.size()));
            int target = keys().get(random.nextInt(classes.size()));
            m.body.add(random.nextInt(m.body.size() + 1), new Statement(kind, target, random.nextInt(classes.get(target).methods.size())));
        }

        /** One random edit; returns what it did. */
        String edit(Random random) {
            int what = random.nextInt(14);
            Clazz c = pick(random);
            Method m = c.methods.get(random.nextInt(c.methods.size()));
            switch (what) {
                case 0, 1 -> {
                    addStatement(random);
                    return "add a statement";
                }
                case 2 -> {
                    if (!m.body.isEmpty()) {
                        m.body.remove(random.nextInt(m.body.size()));
                        return "remove a statement";
                    }
                    addStatement(random);
                    return "add a statement";
                }
                case 3 -> {
                    m.transactional = !m.transactional;
                    return "toggle a transaction";
                }
                case 4 -> {
                    c.fields.add(keys().get(random.nextInt(classes.size())));
                    return "add a field dependency";
                }
                case 5 -> {
                    addClass(random);
                    addStatement(random);
                    return "add a class";
                }
                case 6 -> {
                    if (classes.size() > 2) {
                        int gone = keys().get(random.nextInt(classes.size()));
                        classes.remove(gone);
                        for (Clazz other : classes.values()) {
                            other.fields.removeIf(f -> f == gone);
                            other.methods.forEach(method -> method.body.removeIf(s -> s.target() == gone));
                        }
                        return "remove class C" + gone;
                    }
                    return "nothing";
                }
                case 7, 8 -> {
                    c.locker = !c.locker;
                    return "toggle a lock utility";
                }
                case 10 -> {
                    addStatement(random, "count");
                    return "add a statement that calls nothing";
                }
                case 11 -> {
                    // where the rule on what p0's classes use depends on it: in a class p0 uses, naming a class of p2
                    List<Integer> used = new ArrayList<>();
                    classes.values().stream().filter(k -> k.pkg == 0).forEach(k -> {
                        used.addAll(k.fields);
                        k.methods.forEach(method -> method.body.forEach(st -> used.add(st.target())));
                    });
                    used.retainAll(classes.keySet());
                    List<Integer> p2 = keys().stream().filter(k -> classes.get(k).pkg == 2).toList();
                    if (used.isEmpty() || p2.isEmpty()) {
                        addStatement(random, "literal");
                        return "add a class literal";
                    }
                    Clazz user = classes.get(used.get(random.nextInt(used.size())));
                    user.methods.get(random.nextInt(user.methods.size())).body.add(new Statement("literal", p2.get(random.nextInt(p2.size())), 0));
                    return "add a class literal of p2 to a class p0 uses";
                }
                case 12 -> {
                    c.swapped = !c.swapped;
                    return "swap a lock utility's lock and unlock";
                }
                case 13 -> {
                    c.fixedLease = !c.fixedLease;
                    return "make a lease utility's lease " + (c.fixedLease ? "a constant" : "its parameter") + " (each method calls what it called)";
                }
                default -> {
                    c.api = !c.api;
                    return "toggle an implementation";
                }
            }
        }

        private List<Integer> keys() {
            return new ArrayList<>(classes.keySet());
        }

        private Clazz pick(Random random) {
            return classes.get(keys().get(random.nextInt(classes.size())));
        }

        /** Writes the sources (only those that changed), compiles them all again and writes the contract. */
        Path write(Path dir) throws IOException {
            Map<String, String> sources = new TreeMap<>();
            sources.put("org/springframework/transaction/annotation/Transactional.java", """
                    package org.springframework.transaction.annotation;
                    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                    public @interface Transactional {}
                    """);
            sources.put("org/redisson/api/RLock.java", """
                    package org.redisson.api;
                    public interface RLock extends java.util.concurrent.locks.Lock {
                        boolean tryLock(long waitTime, long leaseTime, java.util.concurrent.TimeUnit unit) throws InterruptedException;
                        void lock(long leaseTime, java.util.concurrent.TimeUnit unit);
                    }
                    """);
            sources.put("org/redisson/api/RedissonClient.java", """
                    package org.redisson.api;
                    public interface RedissonClient { RLock getLock(String name); }
                    """);
            sources.put("gen/Api.java", "package gen;\npublic interface Api { void run(); void done(); }\n");
            sources.put("gen/Locks.java", "package gen;\npublic class Locks { public static org.redisson.api.RedissonClient redisson; "
                    + "public static Api api; }\n");
            classes.forEach((i, c) -> sources.put("gen/p" + c.pkg + "/C" + i + ".java", source(i, c)));
            Path src = dir.resolve("src");
            try (Stream<Path> old = Files.exists(src) ? Files.walk(src) : Stream.empty()) {
                for (Path f : old.filter(Files::isRegularFile).toList()) {
                    if (!sources.containsKey(src.relativize(f).toString().replace('\\', '/'))) {
                        Files.delete(f);
                    }
                }
            }
            List<String> args = new ArrayList<>(List.of("-g", "-proc:none", "--release", "17", "-d", dir.resolve("classes").toString()));
            Path classesDir = dir.resolve("classes");
            if (Files.exists(classesDir)) {
                try (Stream<Path> old = Files.walk(classesDir)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            for (var e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                if (!Files.exists(file) || !Files.readString(file).equals(e.getValue())) {
                    Files.writeString(file, e.getValue());
                }
                args.add(file.toString());
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            if (JAVAC.run(null, null, err, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("javac failed:\n" + err + "\n" + sources);
            }
            // the interface is a library type on the classpath, not analysed: its implementations still decide what
            // a call on it does
            Path lib = Files.createDirectories(dir.resolve("lib/gen"));
            Files.move(classesDir.resolve("gen/Api.class"), lib.resolve("Api.class"), StandardCopyOption.REPLACE_EXISTING);
            String dependsOn = !dependsOnRule ? "" : """
                      - id: GEN-P0-DEP
                        kind: forbidden-dependency
                        severity: major
                        message: p0 must not use what depends on p2
                        params:
                          from: [{ packages: ["gen.p0.."] }]
                          to: [{ dependsOn: ["gen.p2.*"] }]
                    """;
            return Files.writeString(dir.resolve("archgov.yaml"), """
                    version: 1
                    name: generated
                    extends: [builtin:lock]
                    analyze:
                      classes: [classes]
                      classpath: [lib]
                      sources: [src]
                    rules:
                      - id: GEN-P0-P2
                        kind: forbidden-dependency
                        severity: major
                        message: p0 must not use p2
                        params:
                          from: [{ packages: ["gen.p0.."] }]
                          to: [{ packages: ["gen.p2.."] }]
                    """ + dependsOn);
        }

        private String source(int i, Clazz c) {
            StringBuilder s = new StringBuilder("package gen.p" + c.pkg + ";\n\npublic class C" + i + (c.api ? " implements gen.Api" : "") + " {\n");
            s.append("    int count;\n");
            for (int f = 0; f < c.fields.size(); f++) {
                int t = c.fields.get(f);
                if (classes.containsKey(t)) {
                    s.append("    gen.p").append(classes.get(t).pkg).append(".C").append(t).append(" field").append(f).append(";\n");
                }
            }
            for (int m = 0; m < c.methods.size(); m++) {
                Method method = c.methods.get(m);
                s.append(method.transactional ? "    @org.springframework.transaction.annotation.Transactional\n" : "");
                s.append("    public void m").append(m).append("() throws Exception {\n");
                for (Statement st : method.body) {
                    Clazz target = classes.get(st.target());
                    String type = "gen.p" + (target == null ? 0 : target.pkg) + ".C" + st.target();
                    switch (st.kind()) {
                        case "call" -> s.append("        new ").append(type).append("().m").append(Math.min(st.method(), target.methods.size() - 1))
                                .append("();\n");
                        case "lock" -> s.append("        { org.redisson.api.RLock l = gen.Locks.redisson.getLock(\"k\"); l.lock(); "
                                + "try { count++; } finally { l.unlock(); } }\n");
                        case "leak" -> s.append("        { org.redisson.api.RLock l = gen.Locks.redisson.getLock(\"k\"); l.lock(); count++; }\n");
                        case "unchecked" -> s.append("        { org.redisson.api.RLock l = gen.Locks.redisson.getLock(\"k\"); "
                                + "l.tryLock(1, 10, java.util.concurrent.TimeUnit.SECONDS); try { count++; } finally { l.unlock(); } }\n");
                        case "api" -> s.append("        gen.Locks.api.run(); try { count++; } finally { gen.Locks.api.done(); }\n");
                        case "wrapped" -> s.append("        ").append(type).append(".acquire(); try { count++; } finally { ").append(type)
                                .append(".release(); }\n");
                        case "wrappedLeak" -> s.append("        ").append(type).append(".acquire(); count++;\n");
                        case "literal" -> s.append("        { Object o = ").append(type).append(".class; }\n");
                        case "held" -> s.append("        ").append(type).append(".hold(10L);\n");
                        default -> s.append("        count++;\n");
                    }
                }
                s.append("    }\n");
            }
            if (c.api) {
                s.append("    public void run() { acquire(); }\n    public void done() { release(); }\n");
            }
            String lock = "gen.Locks.redisson.getLock(\"u\").lock();";
            String unlock = "gen.Locks.redisson.getLock(\"u\").unlock();";
            s.append(c.locker ? "    public static void acquire() { " + (c.swapped ? unlock : lock) + " }\n"
                    + "    public static void release() { " + (c.swapped ? lock : unlock) + " }\n"
                    : "    public static void acquire() { }\n    public static void release() { }\n");
            s.append("    public static void hold(long lease) { gen.Locks.redisson.getLock(\"h\").lock(").append(c.fixedLease ? "30L" : "lease")
                    .append(", java.util.concurrent.TimeUnit.SECONDS); }\n");
            return s.append("}\n").toString();
        }
    }
}
