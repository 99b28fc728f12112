package dev.archgov.rules.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import dev.archgov.spi.RunIndex;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Seata saga state machines (the state language's JSON files, which a build copies from {@code resources} next to the
 * classes): their {@code ServiceTask} states name a Spring bean and one of its methods, and a state named by another
 * state's {@code CompensateState} (or marked {@code IsForCompensation}) is a compensation Seata retries. Read once
 * per class-path root per run; a file that is not a state machine is ignored.
 */
final class SeataStateMachines {
    private SeataStateMachines() {
    }

    /** One {@code ServiceTask} of a state machine. */
    record Task(String machine, String file, String state, String bean, String method, boolean compensation) {
    }

    private static final RunIndex.Key<Map<String, List<Task>>> KEY = RunIndex.Key.named("seata state machines");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_FILE = 1 << 20;
    private static final Set<String> STEREOTYPES = Set.of("org.springframework.stereotype.Component", "org.springframework.stereotype.Service",
            "org.springframework.stereotype.Repository", "org.springframework.stereotype.Controller");

    /** The tasks of the state machines beside this class (in its class directory or jar) whose bean is this class. */
    static List<Task> tasksOf(RunIndex index, JavaClass c) {
        Optional<String> root = root(c);
        if (root.isEmpty()) {
            return List.of();
        }
        List<Task> all = index.of(KEY, ConcurrentHashMap::new).computeIfAbsent(root.get(), SeataStateMachines::read);
        if (all.isEmpty()) {
            return List.of();
        }
        String bean = beanName(c);
        return all.stream().filter(t -> t.bean().equals(bean)).toList();
    }

    /** The class directory or jar a class was read from. */
    private static Optional<String> root(JavaClass c) {
        Optional<URI> uri = c.getSource().map(Source::getUri);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String s = uri.get().toString();
        String classFile = c.getName().replace('.', '/') + ".class";
        if (s.startsWith("jar:file:") && s.contains("!/")) {
            return Optional.of(s.substring("jar:".length(), s.indexOf("!/")));
        }
        if (s.startsWith("file:") && s.endsWith(classFile)) {
            return Optional.of(s.substring(0, s.length() - classFile.length()));
        }
        return Optional.empty();
    }

    private static List<Task> read(String root) {
        List<Task> tasks = new ArrayList<>();
        try {
            Path path = Path.of(URI.create(root));
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path, 12)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).toList()) {
                        if (Files.size(f) <= MAX_FILE) {
                            try (InputStream in = Files.newInputStream(f)) {
                                parse(in, path.relativize(f).toString().replace('\\', '/'), tasks);
                            }
                        }
                    }
                }
            } else if (Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    for (JarEntry e : jar.stream().filter(e -> e.getName().endsWith(".json") && e.getSize() <= MAX_FILE).toList()) {
                        try (InputStream in = jar.getInputStream(e)) {
                            parse(in, e.getName(), tasks);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.copyOf(tasks); // an unreadable resource is not a state machine archgov can judge
        }
        return List.copyOf(tasks);
    }

    private static void parse(InputStream in, String file, List<Task> tasks) {
        JsonNode machine;
        try {
            machine = JSON.readTree(in);
        } catch (IOException e) {
            return; // not JSON: not a state machine
        }
        if (machine == null || !machine.path("States").isObject() || !machine.has("StartState")) {
            return;
        }
        String name = machine.path("Name").asText(file);
        Set<String> compensations = new HashSet<>();
        for (Iterator<JsonNode> it = machine.path("States").elements(); it.hasNext(); ) {
            JsonNode state = it.next();
            if (state.hasNonNull("CompensateState")) {
                compensations.add(state.get("CompensateState").asText());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = machine.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode state = e.getValue();
            if (!"ServiceTask".equals(state.path("Type").asText()) || !state.hasNonNull("ServiceName") || !state.hasNonNull("ServiceMethod")) {
                continue;
            }
            boolean compensation = compensations.contains(e.getKey()) || state.path("IsForCompensation").asBoolean(false);
            tasks.add(new Task(name, file, e.getKey(), state.get("ServiceName").asText(), state.get("ServiceMethod").asText(), compensation));
        }
    }

    /** The Spring bean name of a component class: its stereotype's value, else the decapitalised simple name. */
    static String beanName(JavaClass c) {
        for (JavaAnnotation<JavaClass> a : c.getAnnotations()) {
            if (STEREOTYPES.contains(a.getRawType().getName())) {
                Optional<Object> value = a.get("value");
                if (value.isPresent() && !value.get().toString().isBlank()) {
                    return value.get().toString();
                }
            }
        }
        String simple = c.getSimpleName();
        if (simple.length() > 1 && Character.isUpperCase(simple.charAt(0)) && Character.isUpperCase(simple.charAt(1))) {
            return simple; // java.beans.Introspector.decapitalize: URLService stays URLService
        }
        return simple.isEmpty() ? simple : simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
    }
}
