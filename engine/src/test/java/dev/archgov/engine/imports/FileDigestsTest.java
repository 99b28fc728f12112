package dev.archgov.engine.imports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FileDigestsTest {
    @TempDir
    Path dir;

    private static String sha(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
    }

    private Path file(String content, long modifiedMillis) throws IOException {
        Path f = dir.resolve("A.class");
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.fromMillis(modifiedMillis));
        return f;
    }

    @Test
    void aFileUnchangedInSizeAndTimeSinceItWasHashedIsNotReadAgain() throws Exception {
        long minuteAgo = System.currentTimeMillis() - 60_000;
        Path f = file("version A", minuteAgo);
        FileDigests first = FileDigests.of(Map.of());
        assertThat(first.digest(f)).isEqualTo(sha("version A"));
        assertThat(first.computed()).isEqualTo(1);
        file("version B", minuteAgo); // same size, same time: taken for the same file, as git and build tools do
        FileDigests next = FileDigests.of(first.toKeep());
        assertThat(next.digest(f)).isEqualTo(sha("version A"));
        assertThat(next.computed()).isZero();
        Files.setLastModifiedTime(f, FileTime.fromMillis(minuteAgo + 1000));
        assertThat(FileDigests.of(first.toKeep()).digest(f)).as("a new time").isEqualTo(sha("version B"));
        file("version BB", minuteAgo);
        assertThat(FileDigests.of(first.toKeep()).digest(f)).as("a new size").isEqualTo(sha("version BB"));
    }

    @Test
    void aFileHashedMomentsAfterItChangedIsHashedAgainNextTime() throws Exception {
        long now = System.currentTimeMillis();
        Path f = file("version A", now);
        FileDigests first = FileDigests.of(Map.of());
        assertThat(first.digest(f)).isEqualTo(sha("version A"));
        file("version B", now); // changed again within the same instant: size and time alone cannot tell
        FileDigests next = FileDigests.of(first.toKeep());
        assertThat(next.digest(f)).isEqualTo(sha("version B"));
        assertThat(next.computed()).isEqualTo(1);
    }

    @Test
    void withinOneRunAFileIsReadOnceAndNothingIsKeptWithoutRecording() throws Exception {
        Path f = file("version A", System.currentTimeMillis() - 60_000);
        FileDigests none = FileDigests.none();
        assertThat(none.digest(f)).isEqualTo(sha("version A"));
        assertThat(none.size()).isZero();
        FileDigests run = FileDigests.of(Map.of());
        run.digest(f);
        Files.delete(f);
        assertThat(run.digest(f)).as("the run's first look stands").isEqualTo(sha("version A"));
        assertThat(run.toKeep()).as("files gone are not kept").isEmpty();
    }
}
