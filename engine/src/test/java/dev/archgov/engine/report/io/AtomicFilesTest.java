package dev.archgov.engine.report.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reports are written whole, with the permissions any new file gets (not owner-only), and keep a replaced file's. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewReportGetsTheUmasksPermissionsAndAReplacedOneKeepsItsOwn() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.createFile(dir.resolve("reference"));
        Path report = dir.resolve("archgov-report.json");
        AtomicFiles.write(report, w -> w.write("{}"));
        assertThat(Files.readString(report)).isEqualTo("{}");
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(Files.getPosixFilePermissions(reference));

        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.write(report, w -> w.write("{\"again\": true}"));
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("reference", "archgov-report.json");
        }
    }
}
