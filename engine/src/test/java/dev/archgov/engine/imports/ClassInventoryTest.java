package dev.archgov.engine.imports;

import dev.archgov.engine.contract.Analyze;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** What the inventory reads from a class file's bytes: the classes it names, its supertypes and the classes whose code it calls. */
class ClassInventoryTest {
    @TempDir
    Path dir;

    private Map<String, ClassInventory.ClassFile> inventory(Map<String, String> sources) throws IOException {
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("-proc:none", "--release", "17", "-d", classes.toString()));
        for (var e : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new))).as(err.toString()).isZero();
        return ClassInventory.of(new Analyze(List.of(ClassImportTest.entry(classes)), List.of(), List.of(), List.of(), true)).classes();
    }

    @Test
    void calleesAreTheClassesWhoseCodeItCallsOrNamesInAMethodReferenceWithoutTheJdkOrItself() throws IOException {
        var classes = inventory(Map.of(
                "app/Task.java", "package app;\npublic interface Task { void run(); }\n",
                "app/Helper.java", "package app;\npublic class Helper { public static void go() { } }\n",
                "app/Target.java", "package app;\npublic class Target { public static void ref() { } }\n",
                "app/Field.java", "package app;\npublic class Field { }\n",
                "app/Caller.java", """
                        package app;
                        public class Caller implements Task {
                            Field named;
                            Task next;
                            public void run() {
                                next.run();
                                Helper.go();
                                Runnable r = Target::ref;
                                java.util.List.of(this).size();
                                self();
                            }
                            private void self() { }
                        }
                        """));
        ClassInventory.ClassFile caller = classes.get("app.Caller");
        assertThat(caller.callees()).containsExactlyInAnyOrder("app.Task", "app.Helper", "app.Target");
        assertThat(caller.refs()).contains("app.Field", "app.Task", "java.util.List").doesNotContain("app.Caller");
        assertThat(caller.supers()).containsExactly("java.lang.Object", "app.Task");
        assertThat(classes.get("app.Field").callees()).as("only Object's constructor, the JDK's").isEmpty();
    }

    @Test
    void aBodyThatCallsTheSameMethodsKeepsItsCallDigestsAndDeclarationsAnotherCallChangesThem() throws IOException {
        String helper = "package app;\npublic class Helper { public static void go() { } public static void stop() { } }\n";
        String code = "package app;\npublic class Code { public void m() { int n = %d; Helper.%s(); } }\n";
        var before = inventory(Map.of("app/Helper.java", helper, "app/Code.java", code.formatted(1, "go"))).get("app.Code");
        var constant = inventory(Map.of("app/Helper.java", helper, "app/Code.java", code.formatted(2, "go"))).get("app.Code");
        var other = inventory(Map.of("app/Helper.java", helper, "app/Code.java", code.formatted(1, "stop"))).get("app.Code");
        assertThat(constant.hash()).isNotEqualTo(before.hash());
        assertThat(constant.api()).isEqualTo(before.api());
        assertThat(constant.calls()).isEqualTo(before.calls());
        assertThat(constant.methodCalls()).isEqualTo(before.methodCalls());
        assertThat(other.api()).isEqualTo(before.api());
        assertThat(other.calls()).isNotEqualTo(before.calls());
        assertThat(other.methodCalls()).isNotEqualTo(before.methodCalls());
        assertThat(other.callees()).isEqualTo(before.callees()).containsExactly("app.Helper");
    }
}
