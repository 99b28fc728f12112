package dev.archgov.rules.pool;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** POOL-08: a pool an object keeps in its own field is closed with it; a pool handed to Spring as a @Bean is Spring's to close. */
class PoolClosedRuleTest {
    @TempDir
    Path dir;

    static final String BEAN = """
            package org.springframework.context.annotation;
            import java.lang.annotation.*;
            @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)
            public @interface Bean {}
            """;

    @Test
    void poolsKeptInAFieldAreClosedWithTheirOwner() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source(BEAN).source("""
                package clients;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                public class Leaky {
                    private final GenericObjectPool<StringBuilder> pool;
                    public Leaky() {
                        pool = new GenericObjectPool<>(new Object()); // expect: POOL-08
                    }
                    public String use() throws Exception { StringBuilder b = pool.borrowObject(); try { return b.toString(); } finally { pool.returnObject(b); } }
                }
                """).source("""
                package clients;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                /** Correct: closed when the owner is (a @PreDestroy or close() method). */
                public class Closing implements AutoCloseable {
                    private final GenericObjectPool<StringBuilder> pool = new GenericObjectPool<>(new Object());
                    public String use() throws Exception { StringBuilder b = pool.borrowObject(); try { return b.toString(); } finally { pool.returnObject(b); } }
                    @Override
                    public void close() { pool.close(); }
                }
                """).source("""
                package clients;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                import org.springframework.context.annotation.Bean;
                /** Silent: Spring closes what a @Bean method returns; a getter hands the pool to code this class cannot see. */
                public class Config {
                    private final GenericObjectPool<StringBuilder> forSpring = new GenericObjectPool<>(new Object());
                    private final GenericObjectPool<StringBuilder> shared = new GenericObjectPool<>(new Object());
                    private static final GenericObjectPool<StringBuilder> FOREVER = new GenericObjectPool<>(new Object());
                    @Bean
                    public GenericObjectPool<StringBuilder> builders() { return forSpring; }
                    public GenericObjectPool<StringBuilder> shared() { return shared; }
                }
                """).assertMarkersOf(1, "POOL-08");
    }
}
