package dev.archgov.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image's recipe (../Dockerfile): an Eclipse Temurin 17 JRE, the archive of this version unpacked, a
 * non-root user, /repo as the working directory, archgov as the entry point, and a build context of the archive alone.
 * Building and running it needs a container runtime and the base image: {@code DockerImageIT} does that where they are.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("../Dockerfile");

    @Test
    void theImageRunsTheArchiveOfThisVersionAsANonRootUserInRepo() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).contains("FROM eclipse-temurin:17-jre", "WORKDIR /repo", "ENTRYPOINT [\"archgov\"]");
        Matcher version = Pattern.compile("ARG VERSION=(\\S+)").matcher(String.join("\n", lines));
        assertThat(version.find()).isTrue();
        assertThat(version.group(1)).isEqualTo(projectVersion());
        String user = lines.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow().substring(5).strip();
        assertThat(user).isNotIn("root", "0");
        int userAt = lines.indexOf("USER " + user);
        assertThat(lines.subList(userAt, lines.size())).noneMatch(l -> l.startsWith("RUN ")); // nothing runs as root after it
        assertThat(Files.readString(Path.of("../.dockerignore"))).contains("*", "!cli/target/archgov-*.tar.gz");
    }

    /** The project version, from the CLI's pom (its parent's version). */
    static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
