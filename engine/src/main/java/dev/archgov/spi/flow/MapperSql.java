package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.Resources;
import dev.archgov.spi.RunIndex;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a MyBatis mapper method does to the database, read from its SQL: the mapper XML files beside the classes
 * ({@code <mapper namespace="…"><update id="…">}, {@code <sql>} fragments and {@code <include>} resolved) and the
 * statement annotations on the method ({@code @Select}, {@code @Insert}, {@code @Update}, {@code @Delete}). A rule
 * asks it whether a call inserts, updates or deletes whatever the method is named, and whether an update is relative
 * ({@code stock = stock - #{n}}: repeating it changes the row again) or sets absolute values (repeating it writes the
 * same row). The XML files are read once per class directory or jar per run; a file that is not a mapper, or not
 * well-formed, is skipped (the method is then unknown, never guessed).
 */
public final class MapperSql {
    /** The statement kinds of MyBatis. */
    public enum Kind { SELECT, INSERT, UPDATE, DELETE }

    /** One mapped statement: its kind, its SQL text (dynamic elements flattened) and where it was read. */
    public record Statement(Kind kind, String sql, String source) {
        /** Whether the statement changes a column relative to its value ({@code col = col + ?}), or upserts that way. */
        public boolean relative() {
            return MapperSql.relative(sql);
        }

        /** Whether the statement changes the database. */
        public boolean writes() {
            return kind != Kind.SELECT;
        }
    }

    private static final RunIndex.Key<Map<String, Map<String, Statement>>> XML = RunIndex.Key.named("mapper XML statements per location");
    private static final Map<String, Kind> ANNOTATIONS = Map.of("org.apache.ibatis.annotations.Select", Kind.SELECT,
            "org.apache.ibatis.annotations.Insert", Kind.INSERT, "org.apache.ibatis.annotations.Update", Kind.UPDATE,
            "org.apache.ibatis.annotations.Delete", Kind.DELETE);
    /** {@code col = col + …}, {@code t.col = IFNULL(t.col, 0) - …}, quoted or not. */
    private static final Pattern RELATIVE = Pattern.compile(
            "(?i)(?<![\\w.`\"])(?:\\w+\\.)?[`\"]?(\\w+)[`\"]?\\s*=\\s*(?:(?:ifnull|coalesce|isnull|nvl)\\s*\\(\\s*)?(?:\\w+\\.)?[`\"]?\\1[`\"]?(?:\\s*,\\s*[\\w.'\"]+\\s*\\))?\\s*[-+]");
    private static final Pattern NAMESPACE = Pattern.compile("<mapper\\s[^>]*namespace\\s*=");

    private MapperSql() {
    }

    /** Whether a SQL text changes a column relative to its own value ({@code stock = stock - ?}). */
    public static boolean relative(String sql) {
        Matcher m = RELATIVE.matcher(sql);
        return m.find();
    }

    /**
     * The statement of mapper method {@code method} of {@code mapper} (a class name): its annotation, else the mapper XML
     * beside {@code mapper}'s class or beside {@code caller} (a multi-module build may keep the XML with the service).
     */
    public static Optional<Statement> of(RunIndex index, JavaClass caller, JavaClass mapper, String method) {
        for (JavaMethod m : mapper.getMethods()) {
            if (m.getName().equals(method)) {
                Optional<Statement> annotated = annotated(m);
                if (annotated.isPresent()) {
                    return annotated;
                }
            }
        }
        String key = mapper.getName() + "#" + method;
        for (JavaClass beside : List.of(mapper, caller)) {
            Statement s = xml(index, beside).get(key);
            if (s != null) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code type} is a mapper by its SQL: a method carries a statement annotation, or a mapper XML beside the
     * class or beside {@code caller} names it as its namespace.
     */
    public static boolean declaresMapper(RunIndex index, JavaClass caller, JavaClass type) {
        if (type.getMethods().stream().anyMatch(m -> annotated(m).isPresent())) {
            return true;
        }
        String prefix = type.getName() + "#";
        for (JavaClass beside : List.of(type, caller)) {
            if (xml(index, beside).keySet().stream().anyMatch(k -> k.startsWith(prefix))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Statement> annotated(JavaMethod m) {
        for (JavaAnnotation<JavaMethod> a : m.getAnnotations()) {
            Kind kind = ANNOTATIONS.get(a.getRawType().getName());
            if (kind != null) {
                Object value = a.get("value").orElse("");
                String sql = value instanceof Object[] parts ? String.join(" ", Arrays.stream(parts).map(String::valueOf).toList()) : String.valueOf(value);
                return Optional.of(new Statement(kind, sql, "@" + a.getRawType().getSimpleName() + " on " + m.getFullName()));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Statement> xml(RunIndex index, JavaClass beside) {
        Optional<String> location = Resources.location(beside);
        if (location.isEmpty()) {
            return Map.of();
        }
        return index.of(XML, ConcurrentHashMap::new).computeIfAbsent(location.get(), l -> {
            Map<String, Statement> statements = new HashMap<>();
            for (Resources.Resource r : Resources.beside(index, beside, p -> p.endsWith(".xml"))) {
                if (NAMESPACE.matcher(r.text()).find()) {
                    statements.putAll(parse(r.path(), r.text()));
                }
            }
            return Map.copyOf(statements);
        });
    }

    /** The statements of one mapper XML file by {@code namespace#id}; empty when it is not a well-formed mapper. */
    static Map<String, Statement> parse(String path, String text) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false); // MyBatis files name an external DTD: never fetch it
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, String> fragments = new HashMap<>();
        Map<String, Map.Entry<Kind, String>> raw = new HashMap<>();
        String namespace = null;
        try {
            XMLStreamReader x = factory.createXMLStreamReader(new StringReader(text));
            Deque<StringBuilder> open = new ArrayDeque<>();
            Deque<String> ids = new ArrayDeque<>();
            Deque<String> elements = new ArrayDeque<>();
            int skipped = 0; // inside <selectKey>: its query is not the statement's
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = x.getLocalName();
                    if (name.equals("mapper")) {
                        namespace = x.getAttributeValue(null, "namespace");
                    } else if (open.isEmpty() && (name.equals("sql") || kind(name) != null)) {
                        open.push(new StringBuilder());
                        ids.push(String.valueOf(x.getAttributeValue(null, "id")));
                        elements.push(name);
                    } else if (name.equals("selectKey")) {
                        skipped++;
                    } else if (name.equals("include") && !open.isEmpty() && skipped == 0) {
                        open.peek().append(" \u0000include:").append(x.getAttributeValue(null, "refid")).append('\u0000').append(' ');
                    }
                } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) && !open.isEmpty() && skipped == 0) {
                    open.peek().append(x.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = x.getLocalName();
                    if (name.equals("selectKey")) {
                        skipped--;
                    } else if (!elements.isEmpty() && elements.peek().equals(name) && open.size() == 1) {
                        String body = open.pop().toString();
                        String id = ids.pop();
                        elements.pop();
                        if (name.equals("sql")) {
                            fragments.put(id, body);
                        } else {
                            raw.put(id, Map.entry(kind(name), body));
                        }
                    } else if (!open.isEmpty()) {
                        open.peek().append(' ');
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            return Map.of();
        }
        if (namespace == null || namespace.isBlank()) {
            return Map.of();
        }
        Map<String, Statement> result = new HashMap<>();
        for (Map.Entry<String, Map.Entry<Kind, String>> e : raw.entrySet()) {
            String sql = includes(e.getValue().getValue(), fragments, 3).replaceAll("\\s+", " ").strip();
            result.put(namespace.strip() + "#" + e.getKey(), new Statement(e.getValue().getKey(), sql, path));
        }
        return result;
    }

    private static String includes(String sql, Map<String, String> fragments, int depth) {
        Matcher m = Pattern.compile("\u0000include:([^\u0000]*)\u0000").matcher(sql);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String fragment = fragments.getOrDefault(m.group(1), "");
            m.appendReplacement(b, Matcher.quoteReplacement(depth > 0 ? includes(fragment, fragments, depth - 1) : ""));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static Kind kind(String element) {
        return switch (element.toLowerCase(Locale.ROOT)) {
            case "select" -> Kind.SELECT;
            case "insert" -> Kind.INSERT;
            case "update" -> Kind.UPDATE;
            case "delete" -> Kind.DELETE;
            default -> null;
        };
    }
}
