package dev.archgov.engine.workspace;

import dev.archgov.engine.contract.Analyze;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What {@code analyze.maven}/{@code analyze.gradle} read from a build: a reactor's module class directories from its
 * poms, the Gradle init script's lines, and the key its answer is kept under (the build files' content, not where the
 * project lies). The end-to-end Maven run is {@code dev.archgov.cli.BuildClasspathTest}.
 */
class BuildClasspathTest {
    @TempDir
    Path dir;

    @Test
    void aReactorsClassDirectoriesComeFromItsPoms() throws IOException {
        write("pom.xml", "<project><packaging>pom</packaging><modules><module>app</module><module>libs</module></modules></project>");
        write("app/pom.xml", "<project><artifactId>app</artifactId></project>");
        write("libs/pom.xml", "<project><packaging>pom</packaging><modules><module>core</module><module>custom/pom.xml</module></modules></project>");
        write("libs/core/pom.xml", "<project><artifactId>core</artifactId><packaging>jar</packaging></project>");
        write("libs/custom/pom.xml", "<project><build><directory>out</directory></build></project>");
        assertThat(BuildClasspath.mavenOutputs(dir.resolve("pom.xml"), 0)).containsExactly(
                dir.resolve("app/target/classes"), dir.resolve("libs/core/target/classes"), dir.resolve("libs/custom/out/classes"));
    }

    @Test
    void aPomWithADoctypeIsRefused() throws IOException {
        write("pom.xml", "<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><project>&x;</project>");
        assertThat(catchThrowable(() -> BuildClasspath.mavenOutputs(dir.resolve("pom.xml"), 0)))
                .hasMessageContaining("pom.xml: analyze.maven: not a readable pom");
    }

    @Test
    void theGradleInitScriptsLinesAreTheAnswer() {
        var answer = BuildClasspath.gradleAnswer(List.of("> Task :compileJava", "ARCHGOV-CLASSES /p/app/build/classes/java/main",
                "ARCHGOV-CLASSPATH /home/u/.gradle/caches/a.jar", "ARCHGOV-CLASSES /p/lib/build/classes/java/main",
                "ARCHGOV-CLASSPATH /p/lib/build/classes/java/main", "ARCHGOV-CLASSPATH /home/u/.gradle/caches/a.jar", "BUILD SUCCESSFUL"));
        assertThat(answer.classes()).containsExactly(Path.of("/p/app/build/classes/java/main"), Path.of("/p/lib/build/classes/java/main"));
        assertThat(answer.classpath()).containsExactly(Path.of("/home/u/.gradle/caches/a.jar"), Path.of("/p/lib/build/classes/java/main"));
    }

    @Test
    void theKeyIsTheBuildFilesContentWhereverTheProjectLies(@TempDir Path elsewhere) throws IOException {
        write("pom.xml", "<project><modules><module>a</module></modules></project>");
        write("a/pom.xml", "<project/>");
        write("a/target/classes/pom.xml", "<project>copied by a build: not a build file</project>");
        Files.createDirectories(elsewhere.resolve("a"));
        Files.copy(dir.resolve("pom.xml"), elsewhere.resolve("pom.xml"));
        Files.copy(dir.resolve("a/pom.xml"), elsewhere.resolve("a/pom.xml"));
        String key = BuildClasspath.key(Analyze.BuildTool.MAVEN, dir);
        assertThat(BuildClasspath.key(Analyze.BuildTool.MAVEN, elsewhere)).isEqualTo(key);
        assertThat(BuildClasspath.key(Analyze.BuildTool.GRADLE, dir)).isNotEqualTo(key);
        write("a/pom.xml", "<project><dependencies/></project>");
        assertThat(BuildClasspath.key(Analyze.BuildTool.MAVEN, dir)).isNotEqualTo(key);
    }

    /** Runs Gradle on a one-project build where Gradle is installed; this machine has none, and says so. */
    @Test
    void gradleAnswersWhereItIsInstalled() throws IOException {
        boolean installed = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "gradle")));
        Assumptions.assumeTrue(installed, "no gradle on the PATH: the Gradle run is not tested on this machine");
        write("settings.gradle", "rootProject.name = 'one'\n");
        write("build.gradle", "plugins { id 'java' }\n");
        write("src/main/java/x/A.java", "package x; public class A {}\n");
        var answer = BuildClasspath.answer(Analyze.BuildTool.GRADLE, dir, Optional.empty());
        assertThat(answer.classes()).contains(dir.resolve("build/classes/java/main").toAbsolutePath().normalize());
    }

    private void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
