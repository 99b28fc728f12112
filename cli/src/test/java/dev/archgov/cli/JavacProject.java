package dev.archgov.cli;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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
        Path out = root.resolve("build/classes");
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(out);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, err, "-g", "-d", out.toString(),
                root.resolve("src/com/acme/Stock.java").toString());
        assertThat(rc).as(err.toString()).isZero();
    }
}
