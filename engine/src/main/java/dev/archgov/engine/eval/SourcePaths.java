package dev.archgov.engine.eval;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps a class to its source file relative to the repository root. ArchUnit only knows the simple file name
 * ({@code Foo.java}); the package and the contract's source roots give the rest. Without a matching source root
 * the path is the package path ({@code com/acme/Foo.java}).
 */
public final class SourcePaths {
    private final Path base;
    private final List<Path> sourceRoots;
    private final Map<String, String> cache = new ConcurrentHashMap<>();
    private final Map<String, List<String>> sources = new ConcurrentHashMap<>();

    public SourcePaths(Path base, List<Path> sourceRoots) {
        this.base = base.toAbsolutePath().normalize();
        this.sourceRoots = sourceRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** A file's path relative to the repository root when it lies below it (a configuration file), else as it is. */
    public String pathOf(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return (absolute.startsWith(root) ? root.relativize(absolute) : absolute).toString().replace('\\', '/');
    }

    public String pathOf(JavaClass javaClass) {
        String fileName = javaClass.getSourceCodeLocation().getSourceFileName();
        String pkg = javaClass.getPackageName();
        String relative = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + fileName;
        return cache.computeIfAbsent(relative, this::resolve);
    }

    /**
     * The line declaring {@code javaClass} in its source file (class files do not record it), or 0 when the source
     * is not under a configured source root or the declaration cannot be found unambiguously.
     */
    public int declarationLine(JavaClass javaClass) {
        if (javaClass.isAnonymousClass() || javaClass.getSimpleName().isEmpty()) {
            return 0;
        }
        String path = pathOf(javaClass);
        List<String> lines = sources.computeIfAbsent(path, this::readLines);
        Pattern declaration = Pattern.compile("\\b(class|interface|enum|record|@interface)\\s+"
                + Pattern.quote(javaClass.getSimpleName()) + "\\b");
        int found = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (declaration.matcher(lines.get(i)).find()) {
                if (found != 0) {
                    return 0;
                }
                found = i + 1;
            }
        }
        return found;
    }

    /**
     * The line that declares a member in its source: a field's declaration ({@code private long cents;}, which bytecode
     * gives no line), a method's or constructor's signature (bytecode gives the first line of its body: the signature is
     * looked for up to 30 lines above). 0 when the source does not show it.
     */
    public int memberLine(JavaMember member) {
        JavaClass owner = member.getOwner();
        List<String> lines = sources.computeIfAbsent(pathOf(owner), this::readLines);
        if (lines.isEmpty()) {
            return 0;
        }
        if (member instanceof JavaField) {
            Pattern field = Pattern.compile("^\\s*(@[\\w.]+(\\([^)]*\\))?\\s+)*((public|protected|private|static|final|transient|volatile)\\s+)*"
                    + "[\\w.<>\\[\\], ?]+\\s+" + Pattern.quote(member.getName()) + "\\s*(=|;|,)");
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (field.matcher(lines.get(i)).find()) {
                    if (found != 0) {
                        return 0; // two candidates (a field of a nested class, say): not guessed
                    }
                    found = i + 1;
                }
            }
            return found;
        }
        int body = member.getSourceCodeLocation().getLineNumber();
        if (body <= 0 || body > lines.size()) {
            return 0;
        }
        String name = member instanceof JavaConstructor ? owner.getSimpleName() : member.getName();
        Pattern signature = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*\\(");
        for (int i = body - 1; i >= Math.max(0, body - 31); i--) {
            if (signature.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private List<String> readLines(String path) {
        try {
            Path file = base.resolve(path).normalize(); // only files under a source root, whatever a class file names
            return sourceRoots.stream().anyMatch(file::startsWith) && Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
            return List.of();
        }
    }

    /**
     * The source path of a class file's recorded source name, under a source root. The name comes from the class file
     * (anybody's bytes): one that is no file name ({@code ../x}, a NUL) is kept as text and never opened.
     */
    private String resolve(String relative) {
        for (Path root : sourceRoots) {
            Path candidate;
            try {
                candidate = root.resolve(relative).normalize();
            } catch (InvalidPathException e) {
                return relative;
            }
            if (candidate.startsWith(root) && Files.isRegularFile(candidate)) {
                Path rel = candidate.startsWith(base) ? base.relativize(candidate) : candidate;
                return rel.toString().replace('\\', '/');
            }
        }
        return relative;
    }
}
