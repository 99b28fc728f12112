package dev.archgov.rules.pool;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * POOL-06, pools layered by type: a pool of {@code Object} is reported, also when a generic base pool's only subclass
 * binds its type variable to {@code Object}; a generic base bound to one real type by its subclass stays silent.
 */
class PoolLayeredRuleTest {
    @TempDir
    Path dir;

    @Test
    void poolsOfObjectDirectlyOrThroughAGenericBase() {
        CompactTest.of(dir, "pool").source(PoolStubs.OBJECT_POOL).source(PoolStubs.GENERIC_POOL).source("""
                package es;
                public class Client {}
                """).source("""
                package es;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                public class Pools { // expect: POOL-06 (a field's finding stands at its class)
                    GenericObjectPool<Object> anything;
                }
                """).source("""
                package es;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                /** Correct: its subclass pools clients. */
                public abstract class PoolBase<T> {
                    protected GenericObjectPool<T> pool;
                }
                """).source("""
                package es;
                public class ClientPool extends PoolBase<Client> {}
                """).source("""
                package es;
                import org.apache.commons.pool2.impl.GenericObjectPool;
                public abstract class MixedBase<T> { // expect: POOL-06
                    protected GenericObjectPool<T> pool;
                }
                """).source("""
                package es;
                public class MixedPool extends MixedBase<Object> {}
                """).assertMarkersOf(2, "POOL-06");
    }
}
