package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import dev.archgov.spi.RunIndex;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytecode of analysed classes for rules that need control flow: each class file is read and parsed at most once
 * per run (kept in the run's {@link RunIndex}), each method analysed at most once.
 */
public final class Bytecode {
    private static final RunIndex.Key<Optional<ClassFlows>> FLOWS = RunIndex.Key.named("bytecode");

    private Bytecode() {
    }

    /** The parsed class and its methods' flows; empty when the class file cannot be read (e.g. a stub). */
    public static Optional<ClassFlows> of(RunIndex index, JavaClass javaClass) {
        return index.of(FLOWS, javaClass, Bytecode::read);
    }

    /** The class's bytecode read now, kept nowhere. */
    private static Optional<ClassFlows> read(JavaClass javaClass) {
        return javaClass.getSource().map(Source::getUri).flatMap(Bytecode::readNode).map(ClassFlows::new);
    }

    public static Optional<ClassNode> parse(byte[] bytes) {
        try {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
            return Optional.of(node);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<ClassNode> readNode(URI uri) {
        try {
            URLConnection connection = uri.toURL().openConnection();
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                return parse(in.readAllBytes());
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One class's bytecode, with its methods' flows computed on demand and kept. */
    public static final class ClassFlows {
        private final ClassNode node;
        private final Map<String, Optional<MethodFlow>> flows = new ConcurrentHashMap<>();
        private final Map<String, MethodNode> methods = new LinkedHashMap<>();

        public ClassFlows(ClassNode node) {
            this.node = node;
            for (MethodNode m : node.methods) {
                methods.put(m.name + m.desc, m);
            }
        }

        public ClassNode node() {
            return node;
        }

        public List<MethodNode> methods() {
            return node.methods;
        }

        public Optional<MethodNode> method(String name, String desc) {
            return Optional.ofNullable(methods.get(name + desc));
        }

        public Optional<MethodFlow> flow(MethodNode method) {
            return flows.computeIfAbsent(method.name + method.desc, k -> MethodFlow.of(node.name, method));
        }
    }
}
