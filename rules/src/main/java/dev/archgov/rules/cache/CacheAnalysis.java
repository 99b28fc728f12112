package dev.archgov.rules.cache;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Persistence;

import java.util.Set;

import static dev.archgov.rules.cache.CacheApis.*;

/** What the cache pack asks of one class, in the words of {@link CacheApis}: where it reaches the database (with {@link MissFallbacks}, which follows a miss to it). */
final class CacheAnalysis {
    private CacheAnalysis() {
    }

    /** Database access of one class's calls: by known API names, by type (Spring Data, MyBatis), and facades. */
    static CallMatcher db(RunIndex index, JavaClass javaClass, Facades f) {
        Set<String> dbOwners = Persistence.repositoriesCalledBy(index, javaClass);
        return m -> dbOwners.contains(m.owner) && !m.name.equals("<init>")
                || Persistence.JDBC_TEMPLATES.contains(m.owner) && m.name.startsWith("query")
                || Persistence.ENTITY_MANAGERS.contains(m.owner) && (m.name.equals("find") || m.name.startsWith("create"))
                || Facades.matches(f.db(), m);
    }
}
