package dev.archgov.engine.load;

import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.RuleSpec;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.kinds.RuleKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractLoaderTest {
    final ContractLoader loader = new ContractLoader(RuleKinds.of(new TestKind()), getClass().getClassLoader());
    @TempDir
    Path dir;

    Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }

    @Test
    void readsEveryParameterType() throws IOException {
        Files.createDirectories(dir.resolve("classes"));
        Contract c = loader.load(write("archgov.yaml", """
                version: 1
                name: all
                analyze: { classes: [classes], exclude: ["..generated.."], includeTests: true }
                layers: { web: ["..web.."] }
                rules:
                  - id: R1
                    kind: test-kind
                    params:
                      text: hello
                      mode: b
                      names: [a, b]
                      flag: true
                      count: 42
                      layers: [web]
                      packages: ["com.acme.."]
                      selector: { annotatedWith: [org.acme.Marker], nameMatching: ".*Impl" }
                      selectors: [{ layers: [web] }, { classes: ["com.acme.**.*Client"] }]
                """));
        var p = c.rule("R1").orElseThrow().params();
        assertThat(p.string("text")).contains("hello");
        assertThat(p.string("mode")).contains("b");
        assertThat(p.strings("names")).containsExactly("a", "b");
        assertThat(p.bool("flag", false)).isTrue();
        assertThat(p.integer("count", 0)).isEqualTo(42);
        assertThat(p.strings("layers")).containsExactly("web");
        assertThat(p.selector("selector")).get().extracting(ClassSelector::annotatedWith).isEqualTo(List.of("org.acme.Marker"));
        assertThat(p.selectorList("selectors")).hasSize(2);
        assertThat(p.position("count").orElseThrow().line()).isEqualTo(13);
        assertThat(c.analyze().includeTests()).isTrue();
        assertThat(c.analyze().classes().get(0).path()).isEqualTo(dir.resolve("classes"));
        RuleSpec r = c.rule("R1").orElseThrow();
        assertThat(r.severity()).isEqualTo(Severity.MAJOR);
        assertThat(r.category()).isEqualTo("testing");
        assertThat(r.message()).isEqualTo("Test kind");
    }

    @Test
    void overridesExtendedRulesByIdFieldByField() throws IOException {
        write("base/team.yaml", """
                version: 1
                name: team
                extends: [builtin:testpack]
                rules:
                  - id: TEAM-01
                    kind: test-kind
                """);
        Contract c = loader.load(write("archgov.yaml", """
                version: 1
                name: app
                extends: [builtin:testpack, base/team.yaml]
                rules:
                  - id: PACK-01
                    severity: minor
                    params: { names: [z] }
                  - id: PACK-02
                    enabled: false
                """), false);
        RuleSpec pack01 = c.rule("PACK-01").orElseThrow();
        assertThat(pack01.severity()).isEqualTo(Severity.MINOR);
        assertThat(pack01.message()).isEqualTo("from the pack");
        assertThat(pack01.params().string("text")).contains("original");
        assertThat(pack01.params().strings("names")).containsExactly("z");
        assertThat(c.rule("PACK-02").orElseThrow().enabled()).isFalse();
        assertThat(c.rules()).extracting(RuleSpec::id).containsExactly("PACK-01", "PACK-02", "TEAM-01");
        assertThat(c.layers()).containsKey("core");
    }

    @Test
    void aRuleDefinedTwiceInExtendedFilesMustBeOverriddenExplicitly() throws IOException {
        write("a.yaml", "version: 1\nname: a\nrules: [{id: SAME, kind: test-kind}]\n");
        write("b.yaml", "version: 1\nname: b\nrules: [{id: SAME, kind: test-kind}]\n");
        Path file = write("archgov.yaml", "version: 1\nname: app\nextends: [a.yaml, b.yaml]\n");
        assertThatThrownBy(() -> loader.load(file, false))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("b.yaml:3:")
                .hasMessageContaining("rule id 'SAME' is also defined in");
    }

    @Test
    void hashCoversExtendedFiles() throws IOException {
        write("base.yaml", "version: 1\nname: base\nrules: [{id: B, kind: test-kind}]\n");
        Path file = write("archgov.yaml", "version: 1\nname: app\nextends: [base.yaml]\n");
        String first = loader.load(file, false).hash();
        assertThat(loader.load(file, false).hash()).isEqualTo(first);
        write("base.yaml", "version: 1\nname: base\nrules: [{id: B, kind: test-kind, severity: info}]\n");
        assertThat(loader.load(file, false).hash()).isNotEqualTo(first).hasSize(64);
    }

    @Test
    void hashDoesNotDependOnWhereTheContractIsOrHowItIsNamed() throws IOException {
        write("base.yaml", "version: 1\nname: base\nrules: [{id: B, kind: test-kind}]\n");
        Path file = write("archgov.yaml", "version: 1\nname: app\nextends: [base.yaml]\n");
        String here = loader.load(file, false).hash();
        assertThat(loader.load(file.toAbsolutePath().getParent().resolve("./archgov.yaml"), false).hash()).isEqualTo(here);
        Path elsewhere = Files.createDirectories(dir.resolve("copy/of/repo"));
        Files.copy(file, elsewhere.resolve("archgov.yaml"));
        Files.copy(dir.resolve("base.yaml"), elsewhere.resolve("base.yaml"));
        assertThat(loader.load(elsewhere.resolve("archgov.yaml"), false).hash()).as("an exported commit's tree").isEqualTo(here);
        Files.move(elsewhere.resolve("base.yaml"), elsewhere.resolve("shared.yaml"));
        Files.writeString(elsewhere.resolve("archgov.yaml"), "version: 1\nname: app\nextends: [shared.yaml]\n");
        assertThat(loader.load(elsewhere.resolve("archgov.yaml"), false).hash()).as("other files").isNotEqualTo(here);
    }

    @Test
    void collectsEveryProblemSortedByPosition() throws IOException {
        Path file = write("archgov.yaml", """
                version: 1
                name: app
                rules:
                  - id: R1
                    kind: test-kind
                    params: { mode: c, count: many, layers: [nope] }
                """);
        assertThatThrownBy(() -> loader.load(file, false))
                .isInstanceOfSatisfying(ContractException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.pos().line() + ":" + p.pos().column())
                        .containsExactly("6:21", "6:31", "6:46"));
    }

    @Test
    void explicitStringsAreNotBooleansOrNumbers() throws IOException {
        Path file = write("archgov.yaml", "version: 1\nname: app\nrules: [{id: R1, kind: test-kind, message: no}]\n");
        assertThatThrownBy(() -> loader.load(file, false))
                .hasMessageContaining("message: expected a string, got the boolean 'no' (quote it: \"no\")");
    }

    @Test
    void listsBundledPacksFromEveryJar() {
        assertThat(loader.builtinPacks()).contains("testpack");
        assertThat(loader.loadBuiltin("testpack").rules()).extracting(RuleSpec::id).containsExactly("PACK-01", "PACK-02");
    }

    /** Globs in analyze paths: each module's class directory, every jar of a folder, sorted; a glob matching nothing is an error. */
    @Test
    void analyzePathsAcceptGlobs() throws IOException {
        for (String module : List.of("orders", "billing", "web")) {
            Files.createDirectories(dir.resolve(module + "/target/classes"));
        }
        Files.createDirectories(dir.resolve(".cache/x/target/classes")); // hidden: not searched
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/b.jar"), "");
        Files.writeString(dir.resolve("lib/a.jar"), "");
        Files.writeString(dir.resolve("lib/notes.txt"), "");
        Contract c = loader.load(write("archgov.yaml", """
                version: 1
                name: globs
                analyze:
                  classes: ["*/target/classes"]
                  classpath: ["lib/*.jar"]
                """));
        assertThat(c.analyze().classes()).extracting(e -> e.written())
                .containsExactly("billing/target/classes", "orders/target/classes", "web/target/classes");
        assertThat(c.analyze().classpath()).extracting(e -> e.path().getFileName().toString()).containsExactly("a.jar", "b.jar");
        assertThatThrownBy(() -> loader.load(write("none.yaml", """
                version: 1
                name: none
                analyze:
                  classes: ["*/build/classes/java/main"]
                """), true)).hasMessageContaining("none.yaml:4:").hasMessageContaining("the glob '*/build/classes/java/main' matches nothing");
    }
}
