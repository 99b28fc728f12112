package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Package patterns in ArchUnit's syntax ({@code ..} any number of packages, {@code *} one package name or part of
 * one, {@code [a|b]} alternatives, {@code (*)} and {@code (**)} groups), matched over every character a Java package
 * name may hold: ArchUnit's own matcher reads a name part as {@code \w}, so {@code jp..} misses {@code jp.$gen} and
 * {@code com.acme..} misses {@code com.acme.übersicht}, and a layer violation there goes unreported.
 */
public final class Packages {
    private static final String PART = "\\p{javaJavaIdentifierPart}";

    private Packages() {
    }

    /** The pattern as a regular expression over a package name. */
    public static Pattern compile(String pattern) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("..", i)) {
                // any number of packages, including none; at either end it may also finish or start a name part
                r.append("(?:(?:^").append(PART).append("*)?\\.(?:").append(PART).append("+\\.)*(?:").append(PART).append("*$)?)?");
                i++;
            } else if (pattern.startsWith("(**)", i)) {
                r.append('(').append(PART).append("+(?:\\.").append(PART).append("+)*)");
                i += 3;
            } else if (c == '*') {
                r.append(PART).append('+');
            } else if (c == '.') {
                r.append("\\.");
            } else if (c == '[') {
                r.append("(?:");
            } else if (c == ']') {
                r.append(')');
            } else if (c == '(' || c == ')' || c == '|') {
                r.append(c);
            } else {
                r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(r.toString());
    }

    public static boolean matches(String pattern, String packageName) {
        return compile(pattern).matcher(packageName).matches();
    }

    /** Classes residing in a package any of the patterns matches. */
    public static DescribedPredicate<JavaClass> resideInAny(List<String> patterns) {
        List<Pattern> compiled = patterns.stream().map(Packages::compile).toList();
        return DescribedPredicate.describe("reside in any package " + patterns, c -> {
            String name = c.getPackageName();
            return compiled.stream().anyMatch(p -> p.matcher(name).matches());
        });
    }
}
