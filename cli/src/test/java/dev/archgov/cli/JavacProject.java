package dev.archgov.cli;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** A one-class project in a directory: {@code src/com/acme/Stock.java} compiled to {@code build/classes} with javac. */
record JavacProject(Path root) {
    static final String CONTRACT = """
            version: 1
            name: stock
            extends: [builtin:lock]
            analyze:
              classes: [build/classes]
              sources: [src]
            """;

    /** A new git repository at {@code root} on branch main, ignoring the build output and archgov's history. */
    static Git initRepository(Path root) throws Exception {
        Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
        Files.writeString(root.resolve(".gitignore"), "build/\n.archgov/\n");
        return git;
    }

    /** Writes and compiles {@code source}, then commits everything as Dev. */
    RevCommit commit(Git git, String source, String message) throws Exception {
        write(source);
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com").call();
    }

    JavacProject withContract(String yaml) throws IOException {
        Files.writeString(root.resolve("archgov.yaml"), yaml);
        return this;
    }

    void write(String source) throws IOException {
        Path src = root.resolve("src/com/acme/Stock.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        compile();
    }

    void compile() throws IOException {
        Path out = emptied(root.resolve("build/classes"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, err, "-g", "-d", out.toString(),
                root.resolve("src/com/acme/Stock.java").toString());
        assertThat(rc).as(err.toString()).isZero();
    }

    /** {@code dir}, emptied of whatever an earlier build left (created when missing). */
    static Path emptied(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }
}
