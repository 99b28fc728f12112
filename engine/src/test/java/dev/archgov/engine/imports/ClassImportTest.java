package dev.archgov.engine.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.PathEntry;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.fixtures.UsesJackson;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Referenced types resolve from the target's classpath and the JDK only, never from archgov's own class path. */
class ClassImportTest {
    static PathEntry entry(Path p) {
        return new PathEntry(p, p.toString(), SourcePos.file("test"));
    }

    static Path codeSourceOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    ImportedClasses importFixture(List<PathEntry> classpath) throws URISyntaxException {
        return ClassImport.importClasses(new Analyze(List.of(entry(codeSourceOf(UsesJackson.class))), classpath, List.of(),
                List.of("dev.archgov.engine.load..", "dev.archgov.engine.eval..", "dev.archgov.engine.imports.."), true));
    }

    @Test
    void libraryTypesAreStubsWithoutTheTargetClasspath() throws URISyntaxException {
        var classes = importFixture(List.of()).classes();
        var mapper = classes.get(UsesJackson.class).getField("mapper").getRawType();
        assertThat(mapper.getName()).isEqualTo(ObjectMapper.class.getName());
        assertThat(mapper.isFullyImported()).isFalse();
        assertThat(classes.contain(ClassImportTest.class)).isFalse();
    }

    @Test
    void libraryTypesResolveFromTheTargetClasspath() throws URISyntaxException {
        var classes = importFixture(List.of(entry(codeSourceOf(ObjectMapper.class)))).classes();
        var mapper = classes.get(UsesJackson.class).getField("mapper").getRawType();
        assertThat(mapper.isFullyImported()).isTrue();
        assertThat(mapper.getRawSuperclass()).isPresent();
    }

    @Test
    void jdkTypesResolveWithoutAnyClasspath() throws URISyntaxException {
        var classes = importFixture(List.of()).classes();
        assertThat(classes.get(UsesJackson.class).getRawSuperclass().orElseThrow().isFullyImported()).isTrue();
    }
}
