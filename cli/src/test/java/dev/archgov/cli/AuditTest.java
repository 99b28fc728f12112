package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.archgov.engine.workspace.CommitWorkspace;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code archgov audit} end to end on a real git repository of 14 commits, each compiled with javac by the audit
 * itself: lock and cache violations come and go, two commits change only documentation, one does not compile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTest {
    static final String JAVAC = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    static final String BUILD = "mkdir -p build/classes && '" + JAVAC + "' -g -d build/classes $(find src -name '*.java' | sort)";
    /** The fixture's remote (its web view is GitHub's shape) and author. */
    static final String REMOTE = "https://github.com/acme/shop";
    static final String AUTHOR = "Dana Dev";
    static final String CONTRACT = """
            version: 1
            name: audited
            extends: [builtin:lock, builtin:cache]
            build: "%s"
            analyze:
              classes: [build/classes]
              sources: [src]
            rules:
              - id: CACHE-01
                params:
                  cacheReads: [com.acme.Cache.get]
                  cacheWrites: [com.acme.Cache.put]
                  dbAccess: [com.acme.Db]
            """.formatted(BUILD.replace("\\", "\\\\").replace("\"", "\\\""));

    static final String STOCK_OK = """
            package com.acme;
            import java.util.concurrent.locks.ReentrantLock;
            public class Stock {
                private final ReentrantLock lock = new ReentrantLock();
                private int count = 10;
                public void take() { lock.lock(); try { check(); count--; } finally { lock.unlock(); } }
                public void restock(int n) { lock.lock(); try { check(); count += n; } finally { lock.unlock(); } }
                void check() { if (count < 0) throw new IllegalStateException(); }
            }
            """;
    static final String STOCK_TAKE_LEAKS = STOCK_OK.replace("public void take() { lock.lock(); try { check(); count--; } finally { lock.unlock(); } }",
            "public void take() { lock.lock(); check(); count--; lock.unlock(); }");
    static final String STOCK_RESTOCK_LEAKS = STOCK_OK.replace("public void restock(int n) { lock.lock(); try { check(); count += n; } finally { lock.unlock(); } }",
            "public void restock(int n) { lock.lock(); check(); count += n; lock.unlock(); }");
    static final String CACHE = """
            package com.acme;
            public class Cache {
                private final java.util.Map<String, Object> map = new java.util.HashMap<>();
                public Object get(String key) { return map.get(key); }
                public void put(String key, Object value) { map.put(key, value); }
            }
            """;
    static final String DB = """
            package com.acme;
            public class Db {
                public String find(long id) { return id > 0 ? "product-" + id : null; }
            }
            """;
    static final String PRODUCTS_GUARDED = """
            package com.acme;
            public class Products {
                static final Object MISSING = new Object();
                private final Cache cache = new Cache();
                private final Db db = new Db();
                public Object product(long id) {
                    Object p = cache.get("product:" + id);
                    if (p == null) {
                        p = db.find(id);
                        cache.put("product:" + id, p == null ? MISSING : p);
                    }
                    return p == MISSING ? null : p;
                }
            }
            """;
    static final String PRODUCTS_PENETRABLE = PRODUCTS_GUARDED
            .replace("cache.put(\"product:\" + id, p == null ? MISSING : p);", "if (p != null) { cache.put(\"product:\" + id, p); }")
            .replace("return p == MISSING ? null : p;", "return p;");


    @TempDir
    static Path tmp;

    Path repo;
    Path store;
    Path out;
    Git git;
    final Map<String, String> commits = new LinkedHashMap<>(); // message -> id
    Cli first;
    Cli second;
    long firstMillis;
    long secondMillis;
    String treeBefore;
    String treeAfterFirst;
    String treeAfterSecond;
    Set<String> tempBefore;
    Set<String> tempAfter;

    @BeforeAll
    void auditAFourteenCommitHistoryTwice() throws Exception {
        repo = tmp.resolve("repo");
        store = tmp.resolve("history/history.db"); // outside the repository: the test hashes all of the repository
        out = tmp.resolve("trend");
        Files.createDirectories(repo);
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        git.remoteAdd().setName("origin").setUri(new URIish(REMOTE + ".git")).call(); // the web view the report links to
        Files.writeString(repo.resolve(".gitignore"), "build/\n");
        Files.writeString(repo.resolve("archgov.yaml"), CONTRACT);
        Files.writeString(repo.resolve("build.sh"), "#!/bin/sh\n" + BUILD + "\n");
        repo.resolve("build.sh").toFile().setExecutable(true);
        write("Cache.java", CACHE);
        write("Db.java", DB);
        write("Stock.java", STOCK_OK);
        commit("c01 stock and products, both guarded", "Products.java", PRODUCTS_GUARDED);
        commit("c02 docs: readme", "../../../README.md", "# shop\n");
        commit("c03 take() without finally", "Stock.java", STOCK_TAKE_LEAKS);
        commit("c04 orders", "Orders.java", "package com.acme;\npublic class Orders { public int count() { return 1; } }\n");
        commit("c05 products stop caching misses", "Products.java", PRODUCTS_PENETRABLE);
        commit("c06 docs: changelog", "../../../CHANGELOG.md", "- products\n");
        commit("c07 half-written refactoring", "Orders.java", "package com.acme;\npublic class Orders { public int count() { return 1 }\n");
        commit("c08 orders compile again", "Orders.java", "package com.acme;\npublic class Orders { public int count() { return 1; } }\n");
        commit("c09 take() releases in finally", "Stock.java", STOCK_OK);
        commit("c10 restock() without finally", "Stock.java", STOCK_RESTOCK_LEAKS);
        commit("c11 products cache misses again", "Products.java", PRODUCTS_GUARDED);
        commit("c12 restock() releases in finally", "Stock.java", STOCK_OK);
        commit("c13 orders count two", "Orders.java", "package com.acme;\npublic class Orders { public int count() { return 2; } }\n");
        commit("c14 docs: contributing", "../../../CONTRIBUTING.md", "be kind\n");
        Files.writeString(repo.resolve("NOTES.txt"), "an untracked file of the user's, never touched\n");

        tempBefore = auditTempDirs();
        treeBefore = treeHash(repo);
        long t = System.nanoTime();
        first = Cli.run("audit", repo.toString(), "--last", "20", "--history", store.toString(), "--progress", "plain",
                "--output", out.toString());
        firstMillis = (System.nanoTime() - t) / 1_000_000;
        treeAfterFirst = treeHash(repo);
        Files.copy(out.resolve("archgov-trend.json"), tmp.resolve("first-trend.json"));
        t = System.nanoTime();
        second = Cli.run("audit", repo.toString(), "--last", "20", "--history", store.toString(), "--progress", "plain",
                "--output", out.toString());
        secondMillis = (System.nanoTime() - t) / 1_000_000;
        treeAfterSecond = treeHash(repo);
        tempAfter = auditTempDirs();
        System.out.printf("audit of 14 commits: first run %d ms, second run %d ms (ratio %.3f)%n", firstMillis, secondMillis,
                secondMillis / (double) firstMillis);
    }

    void write(String file, String source) throws IOException {
        Path p = repo.resolve("src/com/acme").resolve(file).normalize();
        Files.createDirectories(p.getParent());
        Files.writeString(p, source);
    }

    void commit(String message, String file, String content) throws Exception {
        write(file, content);
        git.add().addFilepattern(".").call();
        RevCommit c = git.commit().setMessage(message).setAuthor(AUTHOR, "dana@example.com").setSign(false).call();
        commits.put(message.substring(0, 3), c.name());
        Thread.sleep(5); // distinct record times
    }

    JsonNode trend() throws IOException {
        return new ObjectMapper().readTree(tmp.resolve("first-trend.json").toFile());
    }

    @Test
    void everyCommitIsRecordedAndTheBrokenOneIsMarked() throws IOException {
        assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(ExitCodes.OK);
        JsonNode points = trend().path("points");
        assertThat(points).hasSize(14);
        List<String> ids = new ArrayList<>();
        points.forEach(p -> ids.add(p.path("commit").asText()));
        assertThat(ids).containsExactlyElementsOf(commits.values()); // oldest first
        points.forEach(p -> assertThat(p.path("status").asText()).as(p.path("subject").asText())
                .isEqualTo(p.path("commit").asText().equals(commits.get("c07")) ? "failed" : "analysed"));
        JsonNode failure = trend().path("failures").get(0);
        assertThat(failure.path("commit").asText()).isEqualTo(commits.get("c07"));
        assertThat(failure.path("logTail").asText()).contains("Orders.java", "error");
        assertThat(first.err()).contains("build failed, exit 1 (recorded)");
    }

    @Test
    void eachRegressionPointsToTheCommitThatIntroducedItsFindings() throws IOException {
        Map<String, List<String>> introducedBy = new LinkedHashMap<>();
        trend().path("regressions").forEach(g -> {
            List<String> found = new ArrayList<>();
            g.path("introduced").forEach(f -> found.add(f.path("ruleId").asText() + " " + f.path("element").asText()));
            introducedBy.put(g.path("commit").asText(), found);
        });
        assertThat(introducedBy).containsOnlyKeys(commits.get("c03"), commits.get("c05"), commits.get("c10"));
        assertThat(introducedBy.get(commits.get("c03"))).singleElement().asString().startsWith("LOCK-01").contains("Stock.take()");
        assertThat(introducedBy.get(commits.get("c05"))).singleElement().asString().startsWith("CACHE-01").contains("Products.product(long)");
        assertThat(introducedBy.get(commits.get("c10"))).singleElement().asString().startsWith("LOCK-01").contains("Stock.restock(int)");

        JsonNode byCommit = trend().path("points");
        Map<String, Integer> findings = new LinkedHashMap<>();
        byCommit.forEach(p -> findings.put(p.path("subject").asText().substring(0, 3), p.path("findings").isNull() ? -1 : p.path("findings").asInt()));
        assertThat(findings).containsExactly(Map.entry("c01", 0), Map.entry("c02", 0), Map.entry("c03", 1), Map.entry("c04", 1),
                Map.entry("c05", 2), Map.entry("c06", 2), Map.entry("c07", -1), Map.entry("c08", 2), Map.entry("c09", 1),
                Map.entry("c10", 2), Map.entry("c11", 1), Map.entry("c12", 0), Map.entry("c13", 0), Map.entry("c14", 0));
        JsonNode lock = null;
        for (JsonNode r : trend().path("rules")) {
            if (r.path("ruleId").asText().equals("LOCK-01")) {
                lock = r;
            }
        }
        assertThat(lock).isNotNull();
        assertThat(lock.path("series").toString()).isEqualTo("[0,0,1,1,1,1,null,1,0,1,1,0,0,0]");
    }

    @Test
    void commitsWithTheSameClassesReuseTheAnalysis() {
        // c02, c06 and c14 change documentation only; c08 compiles to what c06 compiled to
        assertThat(first.err().lines().filter(l -> l.contains("analysis reused")).count()).isEqualTo(4);
        assertThat(first.err()).contains("13 built, 9 analysed, 4 reused an identical class set, 1 build failed, 0 already recorded");
    }

    @Test
    void theSecondRunIsServedFromTheStore() throws IOException {
        assertThat(second.exit()).isEqualTo(ExitCodes.OK);
        assertThat(second.err()).contains("13 already recorded, 1 failed before", "0 to build",
                "0 built, 0 analysed, 0 reused an identical class set, 0 builds failed, 13 already recorded")
                .doesNotContain("building");
        ObjectNode a = (ObjectNode) trend();
        ObjectNode b = (ObjectNode) new ObjectMapper().readTree(out.resolve("archgov-trend.json").toFile());
        a.remove("generatedAt");
        b.remove("generatedAt");
        assertThat(b).isEqualTo(a); // the times are printed for the record, never asserted: the counts above are the proof
    }

    @Test
    void theWorkTreeIndexAndBranchesAreNeverTouched() throws Exception {
        assertThat(treeAfterFirst).isEqualTo(treeBefore);
        assertThat(treeAfterSecond).isEqualTo(treeBefore);
        assertThat(git.getRepository().getBranch()).isEqualTo("main");
        assertThat(git.status().call().getUntracked()).containsExactly("NOTES.txt");
        assertThat(tempAfter).as("temporary trees removed").isEqualTo(tempBefore);
    }

    @Test
    void everyTrendFormatIsWritten() throws IOException {
        assertThat(out.resolve("archgov-trend.html")).content().contains("<svg id=\"score-chart\"", "data-series=\"overall\"",
                "Largest regressions", "Failed builds", commits.get("c07"));
        assertThat(out.resolve("archgov-trend.md")).content().contains("### Largest regressions", "`LOCK-01`",
                commits.get("c03").substring(0, 12), "build failed");
        List<String> csv = Files.readAllLines(out.resolve("archgov-trend.csv"));
        assertThat(csv.get(0)).isEqualTo("commit,time,subject,status,score,score_cache,score_lock,findings,introduced,fixed");
        assertThat(csv).hasSize(15);
        assertThat(csv.get(7)).contains(commits.get("c07"), ",failed,,,,,,");
        assertThat(out).isDirectoryContaining("glob:**/archgov-trend.json");
    }

    @Test
    void theJsonTrendValidatesAgainstItsPublishedSchema() throws Exception {
        try (InputStream text = getClass().getResourceAsStream("/archgov/schema/trend-v1.schema.json")) {
            JsonSchema schema = JsonSchemaFactory
                    .getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
            assertThat(schema.validate(trend())).isEmpty();
            ObjectNode broken = trend().deepCopy();
            ((ObjectNode) broken.path("points").get(0)).put("status", "exploded");
            assertThat(schema.validate(broken)).as("the schema is not vacuous").isNotEmpty();
        }
    }

    @Test
    void anInterruptedAuditLeavesNothingBehind() throws Exception {
        Path tmpdir = Files.createDirectories(tmp.resolve("interrupted-tmp"));
        String before = treeHash(repo);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmpdir, "-cp", System.getProperty("java.class.path"), ArchgovCommand.class.getName(),
                "audit", repo.toString(), "--last", "3", "--history", tmp.resolve("other.db").toString(), "--progress", "plain",
                "--build", "sleep 120").redirectErrorStream(true);
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        try (InputStream in = p.getInputStream(); AutoCloseable stop = () -> p.descendants().forEach(ProcessHandle::destroyForcibly)) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!seen.toString().contains("building: sleep 120") && System.currentTimeMillis() < deadline) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                seen.append((char) c);
            }
            assertThat(seen.toString()).contains("building: sleep 120");
            List<ProcessHandle> build = p.descendants().toList();
            for (long until = System.currentTimeMillis() + 10_000; build.isEmpty() && System.currentTimeMillis() < until; ) {
                Thread.sleep(50); // the line is printed just before the build starts
                build = p.descendants().toList();
            }
            assertThat(build).as("the build is running").isNotEmpty();
            try (Stream<Path> dirs = Files.list(tmpdir)) {
                assertThat(dirs.map(d -> d.getFileName().toString())).anyMatch(n -> n.startsWith("archgov-commit-"));
            }
            p.destroy(); // SIGTERM, as from kill or a CI cancel; Ctrl-C runs the same shutdown hook
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (long until = System.currentTimeMillis() + 5_000; build.stream().anyMatch(ProcessHandle::isAlive)
                    && System.currentTimeMillis() < until; ) {
                Thread.sleep(50);
            }
            assertThat(build).as("the build was killed:\n" + seen).noneMatch(ProcessHandle::isAlive);
        } finally {
            p.destroyForcibly(); // only when an assertion above failed: never leave the audit running
        }
        try (Stream<Path> dirs = Files.list(tmpdir)) {
            assertThat(dirs.map(d -> d.getFileName().toString())).as("the exported tree and the build log are removed").isEmpty();
        }
        assertThat(treeHash(repo)).isEqualTo(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("other.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM build_failures")) {
            assertThat(rs.getInt(1)).as("a build killed by the interruption is not recorded as failed").isZero();
        }
    }

    /** Ctrl-C or a CI cancel signals the whole process group: the build, interrupted first, is not a failed build. */
    @Test
    void aBuildEndedByAnInterruptStopsTheAuditAndIsNotRecorded() throws Exception {
        Path store = tmp.resolve("interrupt.db");
        Cli run = Cli.run("audit", repo.toString(), "--last", "3", "--history", store.toString(), "--progress", "plain",
                "--build", "kill -INT $$", "--format", "json", "-o", tmp.resolve("interrupt-out").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(130);
        assertThat(run.err()).contains("interrupted while building", "nothing was recorded for it").doesNotContain("(recorded)");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
             ResultSet failures = c.createStatement().executeQuery("SELECT COUNT(*) FROM build_failures")) {
            assertThat(failures.getInt(1)).isZero();
        }
    }

    @Test
    void theHtmlReportRendersInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(tmp.resolve("chromium-profile"))) {
            assertThat(browser.consoleErrors("data:text/html,<script>console.error('broken')</script>"))
                    .as("the console check itself sees errors").isNotEmpty();

            String url = out.resolve("archgov-trend.html").toUri().toString();
            List<String> errors = browser.consoleErrors(url);
            assertThat(errors).as("console errors").isEmpty();
            assertThat(browser.title()).isEqualTo("archgov audit · audited · main");
            // one series per line (overall, then each category), one point per analysed commit: 13 of 14 built
            assertThat(browser.texts("svg#score-chart g.series", "data-series")).containsExactly("overall", "cache", "lock");
            for (String series : List.of("overall", "cache", "lock")) {
                assertThat(browser.count("svg#score-chart g.series[data-series='" + series + "'] circle.point")).as(series).isEqualTo(13);
                assertThat(browser.attribute("svg#score-chart g.series[data-series='" + series + "'] path", "d"))
                        .as("the failed build is a gap in the line").satisfies(d -> assertThat(d.split("M")).hasSize(3));
            }
            assertThat(browser.texts("svg#score-chart .failed-builds rect.gap", "data-commit")).containsExactly(commits.get("c07"));
            assertThat(browser.count("#regressions tbody tr")).isEqualTo(3);
            assertThat(browser.texts("#regressions tbody tr", "data-commit"))
                    .containsExactlyInAnyOrder(commits.get("c03"), commits.get("c05"), commits.get("c10"));
            assertThat(browser.count("#failed-builds tbody tr")).isEqualTo(1);
            assertThat(browser.visibleWidth("svg#score-chart")).as("the chart is laid out").isGreaterThan(500);

            // drill-down: a commit's new findings (linked to the file at that commit), its author and page; the fixed ones
            String c05 = commits.get("c05");
            String drill = "#commits tr.drill[data-commit='" + c05 + "'] ";
            assertThat(browser.content(drill + "summary")).isEqualTo("1 new at " + c05.substring(0, 12) + " by " + AUTHOR);
            assertThat(browser.attribute(drill + "ul.findings a", "href")).isEqualTo(REMOTE + "/blob/" + c05 + "/src/com/acme/Products.java#L9");
            assertThat(browser.content(drill + "ul.findings li")).startsWith("CACHE-01 critical src/com/acme/Products.java:9");
            assertThat(browser.attribute("#c-" + c05.substring(0, 12) + " td a", "href")).isEqualTo(REMOTE + "/commit/" + c05);
            assertThat(browser.content("#c-" + c05.substring(0, 12))).contains(AUTHOR);
            String c09 = commits.get("c09");
            assertThat(browser.content("#commits tr.drill[data-commit='" + c09 + "'] p.fixed")).isEqualTo("Fixed here");
            assertThat(browser.attribute("#commits tr.drill[data-commit='" + c09 + "'] ul.findings a", "href"))
                    .as("a fixed finding links to the commit that still had it").startsWith(REMOTE + "/blob/" + commits.get("c08") + "/src/com/acme/Stock.java#L");
            assertThat(browser.count("#rules tr.drill")).as("no rule has findings at the newest commit").isZero();
            assertThat(browser.attribute("#regressions tbody tr td a", "href")).startsWith("#c-");
            // the failed build's cause: the compiler's error line, no terminal colours
            assertThat(browser.text("#failed-builds pre.cause")).contains("Orders.java", "error").doesNotContain("\u001B", "[0m");

            Path wide = Path.of("target", "audit-report.png");
            browser.open(url, 1400, 2400);
            browser.expand("#commits tr.drill details, #failed-builds details"); // the screenshot shows the drill-downs open
            assertThat(browser.horizontalOverflow()).as("nothing wider than a 1400 px window").isLessThanOrEqualTo(0);
            browser.screenshot(wide);
            assertThat(wide).isNotEmptyFile();
            Path narrow = Path.of("target", "audit-report-390.png");
            browser.open(url, 390, 2400);
            browser.expand("#commits tr.drill details");
            assertThat(browser.horizontalOverflow()).as("nothing wider than a 390 px phone: wide tables scroll in their own box").isLessThanOrEqualTo(0);
            assertThat(browser.visibleWidth("svg#score-chart")).as("the chart shrinks to the phone").isLessThanOrEqualTo(390);
            browser.screenshot(narrow);
            assertThat(narrow).isNotEmptyFile();
        }
    }

    /** The names of the audit's temporary directories now present. */
    /** This process's workspace directories only: audits other processes run on the machine at the same time do not count. */
    static Set<String> auditTempDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new TreeSet<>(dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith(CommitWorkspace.prefix())).toList());
        }
    }

    /** SHA-256 over every path, file mode and content under the repository, .git included. */
    static String treeHash(Path root) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.sorted().toList()) {
                sha.update((root.relativize(f) + (Files.isExecutable(f) ? " x" : "") + "\n").getBytes(StandardCharsets.UTF_8));
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    sha.update(Files.readAllBytes(f));
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
