package dev.archgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.eval.ResultCache;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result cache reuses import and evaluation only when nothing they depend on changed, and a hit is the report a
 * fresh analysis gives. Each input that matters invalidates it; what depends on the day is recomputed on a hit.
 */
class ResultCacheTest {
    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @TempDir
    Path dir;
    @TempDir
    Path cache;
    JavacProject project;

    @BeforeEach
    void init() throws IOException {
        project = new JavacProject(dir).withContract(JavacProject.CONTRACT);
        project.write(BaselineTest.LEAKING);
    }

    Report check(LocalDate today) {
        return Archgov.check(dir.resolve("archgov.yaml"), new CheckRunner.Options(Severity.MINOR, today, true, Optional.of(cache)));
    }

    Report fresh(LocalDate today) {
        return Archgov.check(dir.resolve("archgov.yaml"), new CheckRunner.Options(Severity.MINOR, today, true));
    }

    @Test
    void anUnchangedRerunIsAHitWithTheSameReport() {
        Report first = check(TODAY);
        Report second = check(TODAY);
        assertThat(first.timings().cache()).isEqualTo("miss");
        assertThat(second.timings().cache()).isEqualTo("hit");
        assertThat(second.timings().importMillis()).isZero();
        assertThat(second.findings()).isEqualTo(first.findings()).isEqualTo(fresh(TODAY).findings()).isNotEmpty();
        assertThat(second.score()).isEqualTo(first.score());
        assertThat(second.rules()).extracting(r -> r.id() + r.findings() + r.checked() + r.compliance())
                .isEqualTo(first.rules().stream().map(r -> r.id() + r.findings() + r.checked() + r.compliance()).toList());
        assertThat(second.target()).isEqualTo(first.target());
    }

    @Test
    void changedClassesMiss() throws IOException {
        check(TODAY);
        project.write(BaselineTest.FIXED);
        Report after = check(TODAY);
        assertThat(after.timings().cache()).isEqualTo("miss");
        assertThat(after.findings()).isEmpty();
    }

    /**
     * A classpath jar is hashed once: while its size and time are unchanged, its recorded digest is reused (an edit
     * that keeps both is not seen, by design: that is what skipping the re-hash means); a new time re-hashes it.
     */
    @Test
    void classpathJarsAreHashedOnlyWhenTheirSizeOrTimeChanged() throws IOException {
        Path jar = dir.resolve("lib/dep.jar");
        Files.createDirectories(jar.getParent());
        byte[] notice = "version A".getBytes(StandardCharsets.ISO_8859_1);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            ZipEntry entry = new ZipEntry("NOTICE.txt");
            entry.setMethod(ZipEntry.STORED); // stored, so the test can edit its bytes in place
            entry.setSize(notice.length);
            entry.setCompressedSize(notice.length);
            CRC32 crc = new CRC32();
            crc.update(notice);
            entry.setCrc(crc.getValue());
            out.putNextEntry(entry);
            out.write(notice);
            out.closeEntry();
        }
        // a jar built a minute ago: one hashed within moments of its last change is hashed again next time
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        project.withContract(JavacProject.CONTRACT + "  classpath: [lib/dep.jar]\n");
        assertThat(check(TODAY).timings().cache()).isEqualTo("miss");
        assertThat(cache.resolve("file-digests.json")).isRegularFile();
        var time = Files.getLastModifiedTime(jar);
        byte[] edited = Files.readAllBytes(jar);
        int at = new String(edited, StandardCharsets.ISO_8859_1).indexOf("version A");
        assertThat(at).isPositive();
        edited[at + "version ".length()] = 'B';
        Files.write(jar, edited);
        Files.setLastModifiedTime(jar, time);
        assertThat(check(TODAY).timings().cache()).isEqualTo("hit");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(time.toMillis() + 2000));
        assertThat(check(TODAY).timings().cache()).isEqualTo("miss");
    }

    @Test
    void aChangedContractMisses() throws IOException {
        check(TODAY);
        project.withContract(JavacProject.CONTRACT + "rules:\n  - id: LOCK-01\n    severity: blocker\n");
        Report after = check(TODAY);
        assertThat(after.timings().cache()).isEqualTo("miss");
        assertThat(after.findings()).extracting(Finding::severity).containsOnly(Severity.BLOCKER);
    }

    @Test
    void aChangedSourceFileMissesEvenWithoutRecompiling() throws IOException {
        check(TODAY);
        Path source = dir.resolve("src/com/acme/Stock.java");
        Files.writeString(source, "// moved down\n" + Files.readString(source));
        assertThat(check(TODAY).timings().cache()).isEqualTo("miss");
        Files.delete(source);
        assertThat(check(TODAY).timings().cache()).isEqualTo("miss");
    }

    @Test
    void suppressionExpiryIsRecomputedOnAHit() throws IOException {
        project.withContract(JavacProject.CONTRACT + """
                suppressions:
                  - rule: LOCK-01
                    where: com.acme.Stock
                    reason: fixed with the stock rewrite
                    expires: 2026-12-31
                """);
        Report before = check(TODAY);
        assertThat(before.findings()).isEmpty();
        assertThat(before.suppressed()).isNotEmpty();
        Report after = check(LocalDate.of(2027, 1, 1));
        assertThat(after.timings().cache()).isEqualTo("hit");
        assertThat(after.findings()).hasSameSizeAs(before.suppressed());
        assertThat(after.notices()).extracting(n -> n.kind()).contains("expired");
    }

    @Test
    void aDamagedEntryIsAMissNotAnError() throws IOException {
        check(TODAY);
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path entry : entries.toList()) {
                Files.writeString(entry, "{\"classes\": 1, \"rules\": [");
            }
        }
        Report after = check(TODAY);
        assertThat(after.timings().cache()).isEqualTo("miss");
        assertThat(after.findings()).isEqualTo(fresh(TODAY).findings());
        assertThat(check(TODAY).timings().cache()).isEqualTo("hit");
    }

    @Test
    void anEditedEntryIsAMissAndTheFindingsComeFromAFreshAnalysis() throws IOException {
        Report first = check(TODAY);
        assertThat(first.findings()).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.json")).toList()) {
                String sealed = Files.readString(entry);
                int newline = sealed.indexOf('\n');
                assertThat(sealed).startsWith("sealed ");
                ObjectNode inner = (ObjectNode) json.readTree(sealed.substring(newline + 1));
                inner.putArray("findings"); // "no findings": the next check would pass if the cache were trusted
                Files.writeString(entry, sealed.substring(0, newline + 1) + json.writeValueAsString(inner));
            }
        }
        Report after = check(TODAY);
        assertThat(after.timings().cache()).isEqualTo("miss");
        assertThat(after.findings()).isEqualTo(first.findings());
    }

    @Test
    void pruningRemovesOnlyArchgovsOwnEntries() throws IOException {
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("notes.json"), "{\"mine\": true}");
        Files.writeString(cache.resolve("0123.json"), "{}");
        ResultCache store = new ResultCache(cache);
        ResultCache.Entry entry = new ResultCache.Entry(1, 1, 0, 0, List.of(), List.of());
        for (int i = 0; i < 40; i++) {
            store.write(String.format("%064x", i), entry);
        }
        assertThat(cache.resolve("notes.json")).exists();
        assertThat(cache.resolve("0123.json")).exists();
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.json")).count()).isEqualTo(32);
        }
        assertThat(store.read(String.format("%064x", 39))).isPresent();
    }

    @Test
    void theCliReportsTheCacheStateAndNoCacheSkipsIt() {
        Cli off = Cli.run("check", dir.toString(), "--no-cache", "--format=json");
        assertThat(off.out()).contains("\"cache\" : \"off\"");
        assertThat(off.exit()).isEqualTo(ExitCodes.VIOLATED);
    }

    @Test
    void theAuditsClassSetHashIgnoresWhereTheTreeIsAndSeesEveryClassByte() throws IOException {
        Path a = Files.createDirectories(dir.resolve("tree-a"));
        Path b = Files.createDirectories(dir.resolve("elsewhere/tree-b"));
        new JavacProject(a).withContract(JavacProject.CONTRACT).write(BaselineTest.LEAKING);
        new JavacProject(b).withContract(JavacProject.CONTRACT).write(BaselineTest.LEAKING);
        Files.writeString(b.resolve("README.md"), "documentation is not part of the class set\n");
        String hashA = Archgov.classSetHash(Archgov.contract(a.resolve("archgov.yaml")), a);
        assertThat(Archgov.classSetHash(Archgov.contract(b.resolve("archgov.yaml")), b)).isEqualTo(hashA);

        new JavacProject(b).write(BaselineTest.FIXED);
        assertThat(Archgov.classSetHash(Archgov.contract(b.resolve("archgov.yaml")), b)).isNotEqualTo(hashA);
        Files.writeString(a.resolve("archgov.yaml"), JavacProject.CONTRACT + "# another contract text\n");
        assertThat(Archgov.classSetHash(Archgov.contract(a.resolve("archgov.yaml")), a)).as("contract changed").isNotEqualTo(hashA);
    }
}
