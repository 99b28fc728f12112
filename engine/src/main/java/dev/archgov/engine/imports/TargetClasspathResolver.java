package dev.archgov.engine.imports;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.resolvers.ClassResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resolves types referenced by the analysed classes from the target's own classpath and the JDK, never from
 * archgov's class path, so a library type is seen as the target's version of it (with its supertypes and
 * annotation defaults) or as a stub when the target's classpath lacks it.
 */
public final class TargetClasspathResolver implements ClassResolver {
    private final URLClassLoader lookup;
    private ClassUriImporter importer;

    /** ArchUnit instantiates resolvers reflectively; each argument is a URL-encoded path. */
    public TargetClasspathResolver(List<String> encodedPaths) {
        List<URL> urls = new ArrayList<>();
        for (String encoded : encodedPaths) {
            for (Path p : expand(Path.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8)))) {
                try {
                    urls.add(p.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("bad classpath entry " + p, e);
                }
            }
        }
        this.lookup = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    static String[] arguments(List<Path> classpath) {
        return classpath.stream()
                .map(p -> URLEncoder.encode(p.toAbsolutePath().toString(), StandardCharsets.UTF_8))
                .toArray(String[]::new);
    }

    /** A jar or class directory stays as it is; a directory holding jars (and no classes) becomes its jars. */
    static List<Path> expand(Path entry) {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> children = Files.list(entry)) {
            List<Path> jars = children.filter(c -> c.toString().endsWith(".jar")).sorted().toList();
            return jars.isEmpty() ? List.of(entry) : jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void setClassUriImporter(ClassUriImporter classUriImporter) {
        this.importer = classUriImporter;
    }

    @Override
    public Optional<JavaClass> tryResolve(String typeName) {
        URL resource = lookup.getResource(typeName.replace('.', '/') + ".class");
        if (resource == null) {
            return Optional.empty();
        }
        try {
            return importer.tryImport(resource.toURI());
        } catch (URISyntaxException e) {
            return importer.tryImport(URI.create(resource.toString().replace(" ", "%20")));
        }
    }
}
