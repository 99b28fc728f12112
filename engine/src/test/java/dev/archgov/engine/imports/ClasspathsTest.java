package dev.archgov.engine.imports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The classpath handed to the import lists each jar once: by path, and by content for copies. */
class ClasspathsTest {
    @TempDir
    Path dir;

    @Test
    void repeatsAndCopiesAreDroppedTheFirstStays() throws IOException {
        Path a = write("module-a/lib/guava.jar", "guava 33");
        Path copy = write("module-b/lib/guava.jar", "guava 33");
        Path sameSizeOther = write("module-b/lib/other.jar", "other 33");
        Path classes = Files.createDirectories(dir.resolve("module-a/classes"));
        List<Path> distinct = Classpaths.distinct(List.of(a, classes, copy, a.resolveSibling("../lib/guava.jar"), sameSizeOther));
        assertThat(distinct).containsExactly(a, classes, sameSizeOther);
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }
}
