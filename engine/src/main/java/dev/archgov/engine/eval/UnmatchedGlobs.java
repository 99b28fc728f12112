package dev.archgov.engine.eval;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.Globs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The code-glob parameters of a rule that match nothing in the analysed classes: neither a type's name nor a
 * {@code Type.method} name. A typo in {@code cacheReads} or {@code dbAccess} would otherwise mean that nothing is
 * checked through that facade, silently; each one is reported as {@code param: glob}.
 */
final class UnmatchedGlobs {
    private UnmatchedGlobs() {
    }

    static List<String> of(Map<String, List<String>> params, Iterable<JavaClass> classes) {
        List<String> unmatched = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            for (String glob : param.getValue()) {
                if (!matchesAny(Globs.compile(glob), classes)) {
                    unmatched.add(param.getKey() + ": " + glob);
                }
            }
        }
        return List.copyOf(unmatched);
    }

    private static boolean matchesAny(Globs.Glob glob, Iterable<JavaClass> classes) {
        for (JavaClass c : classes) {
            if (matches(glob, c)) {
                return true;
            }
        }
        return false;
    }

    /** The glob matches the class's name or one of its methods' ({@code com.acme.Cache.get*}). */
    static boolean matches(Globs.Glob glob, JavaClass c) {
        if (glob.matches(c.getName())) {
            return true;
        }
        for (JavaMethod m : c.getMethods()) {
            if (glob.matches(c.getName() + "." + m.getName())) {
                return true;
            }
        }
        return false;
    }
}
