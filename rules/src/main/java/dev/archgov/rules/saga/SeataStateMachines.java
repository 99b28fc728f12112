package dev.archgov.rules.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.Resources;
import dev.archgov.spi.Resources.Resource;
import dev.archgov.spi.RunIndex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seata saga state machines (the state language's JSON files, which a build copies from {@code resources} next to the
 * classes): their {@code ServiceTask} states name a Spring bean and one of its methods, and a state named by another
 * state's {@code CompensateState} (or marked {@code IsForCompensation}) is a compensation Seata retries. Read from the
 * resources beside the classes ({@link Resources}), each file parsed once per run; a file that is not a state machine
 * is ignored.
 */
final class SeataStateMachines {
    private SeataStateMachines() {
    }

    /** One {@code ServiceTask} of a state machine. */
    record Task(String machine, String file, String state, String bean, String method, boolean compensation) {
    }

    private static final RunIndex.Key<Map<String, List<Task>>> KEY = RunIndex.Key.named("seata state machines by location");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STEREOTYPES = Set.of("org.springframework.stereotype.Component", "org.springframework.stereotype.Service",
            "org.springframework.stereotype.Repository", "org.springframework.stereotype.Controller");

    /** The tasks of the state machines beside this class (in its class directory or jar) whose bean is this class. */
    static List<Task> tasksOf(RunIndex index, JavaClass c) {
        Optional<String> location = Resources.location(c);
        if (location.isEmpty()) {
            return List.of();
        }
        List<Task> all = index.of(KEY, ConcurrentHashMap::new).computeIfAbsent(location.get(), k -> {
            List<Task> tasks = new ArrayList<>();
            Resources.beside(index, c, p -> p.endsWith(".json")).forEach(r -> tasks.addAll(parse(r)));
            return List.copyOf(tasks);
        }); // parsed once per class directory or jar
        if (all.isEmpty()) {
            return List.of();
        }
        String bean = beanName(c);
        return all.stream().filter(t -> t.bean().equals(bean)).toList();
    }

    private static List<Task> parse(Resource resource) {
        String file = resource.path();
        if (!resource.text().contains("StartState") || !resource.text().contains("States")) {
            return List.of(); // not a state machine: not parsed
        }
        List<Task> tasks = new ArrayList<>();
        JsonNode machine;
        try {
            machine = JSON.readTree(resource.text());
        } catch (IOException e) {
            return List.of(); // not JSON: not a state machine
        }
        if (machine == null || !machine.path("States").isObject() || !machine.has("StartState")) {
            return List.of();
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
        return List.copyOf(tasks);
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
