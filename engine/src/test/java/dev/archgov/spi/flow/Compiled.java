package dev.archgov.spi.flow;

import dev.archgov.engine.workspace.Builds;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Java source compiled at test time with javac, with or without debug information. */
final class Compiled {
    private final Map<String, ClassNode> classes = new HashMap<>();

    private Compiled() {
    }

    /** Compiles in a temporary directory that is removed again: the classes are kept in memory. */
    static Compiled compile(String className, String source, boolean debug) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("archgov-flow");
            Path src = dir.resolve(className + ".java");
            Files.writeString(src, source);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, null, err, debug ? "-g" : "-g:none", "--release", "17", "-d", dir.toString(), src.toString());
            if (rc != 0) {
                throw new IllegalStateException("javac failed:\n" + err);
            }
            Compiled compiled = new Compiled();
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    ClassNode node = Bytecode.parse(Files.readAllBytes(f)).orElseThrow();
                    compiled.classes.put(node.name, node);
                }
            }
            return compiled;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                Builds.quietlyDelete(dir);
            }
        }
    }

    MethodFlow flow(String className, String methodName) {
        ClassNode node = classes.get(className);
        MethodNode method = node.methods.stream().filter(m -> m.name.equals(methodName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + methodName + " in " + className));
        return MethodFlow.of(node.name, method).orElseThrow();
    }

    MethodFlow lambdaIn(String className, String enclosing) {
        ClassNode node = classes.get(className);
        MethodNode method = node.methods.stream().filter(m -> m.name.startsWith("lambda$" + enclosing + "$")).findFirst().orElseThrow();
        return MethodFlow.of(node.name, method).orElseThrow();
    }
}
