package dev.archgov.rules.pool;

import dev.archgov.spi.flow.CallMatcher;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Object-pool APIs by name (commons-pool2 and 1, Jedis, Stormpot, Vibur, Netty's Recycler), the pooled type read
 * from generic type arguments, and what counts as a resource or a growable buffer.
 */
final class PoolApis {
    static final Set<String> POOL_TYPES = Set.of(
            "org/apache/commons/pool2/ObjectPool", "org/apache/commons/pool2/KeyedObjectPool",
            "org/apache/commons/pool2/impl/GenericObjectPool", "org/apache/commons/pool2/impl/GenericKeyedObjectPool",
            "org/apache/commons/pool2/impl/SoftReferenceObjectPool", "org/apache/commons/pool2/BaseObjectPool",
            "org/apache/commons/pool/ObjectPool", "org/apache/commons/pool/KeyedObjectPool",
            "org/apache/commons/pool/impl/GenericObjectPool", "org/apache/commons/pool/impl/GenericKeyedObjectPool",
            "org/apache/commons/pool/impl/StackObjectPool", "org/apache/commons/pool/impl/SoftReferenceObjectPool");
    static final Set<String> KEYED = Set.of("org/apache/commons/pool2/KeyedObjectPool", "org/apache/commons/pool2/impl/GenericKeyedObjectPool",
            "org/apache/commons/pool/KeyedObjectPool", "org/apache/commons/pool/impl/GenericKeyedObjectPool");
    static final Set<String> JEDIS_POOLS = Set.of("redis/clients/jedis/JedisPool", "redis/clients/jedis/JedisSentinelPool",
            "redis/clients/jedis/util/Pool", "redis/clients/util/Pool");
    /** Pools whose construction makes a pool (POOL-05). */
    static final Set<String> CONSTRUCTED = Set.of("org/apache/commons/pool2/impl/GenericObjectPool",
            "org/apache/commons/pool2/impl/GenericKeyedObjectPool", "org/apache/commons/pool2/impl/SoftReferenceObjectPool",
            "org/apache/commons/pool/impl/GenericObjectPool", "org/apache/commons/pool/impl/GenericKeyedObjectPool",
            "org/apache/commons/pool/impl/StackObjectPool", "redis/clients/jedis/JedisPool", "redis/clients/jedis/JedisSentinelPool",
            "stormpot/BlazePool", "stormpot/QueuePool", "org/vibur/objectpool/ConcurrentPool");
    static final List<String> FACTORY_TYPES = List.of("org.apache.commons.pool2.PooledObjectFactory",
            "org.apache.commons.pool2.BasePooledObjectFactory", "org.apache.commons.pool2.KeyedPooledObjectFactory",
            "org.apache.commons.pool2.BaseKeyedPooledObjectFactory", "org.apache.commons.pool.PoolableObjectFactory",
            "org.apache.commons.pool.BasePoolableObjectFactory");
    static final List<String> RESOURCES = List.of("java.sql.Connection", "java.sql.Statement", "java.sql.ResultSet",
            "java.io.Closeable", "java.net.Socket", "java.nio.channels.Channel");
    static final List<String> BUFFERS = List.of("[B", "byte[]", "java.nio.ByteBuffer", "java.lang.StringBuilder",
            "java.io.ByteArrayOutputStream", "io.netty.buffer.ByteBuf");

    static final CallMatcher BORROW = m -> m.name.equals("borrowObject") && POOL_TYPES.contains(m.owner)
            || m.name.equals("getResource") && JEDIS_POOLS.contains(m.owner)
            || m.name.equals("claim") && m.owner.startsWith("stormpot/")
            || m.name.equals("take") && m.owner.startsWith("org/vibur/objectpool/");
    static final CallMatcher RETURN = m -> (m.name.equals("returnObject") || m.name.equals("invalidateObject")) && POOL_TYPES.contains(m.owner)
            || (m.name.equals("returnResource") || m.name.equals("returnBrokenResource")) && JEDIS_POOLS.contains(m.owner)
            || m.name.equals("restore") && m.owner.startsWith("org/vibur/objectpool/");
    /** Every method name {@link #BORROW} and {@link #RETURN} match, for looking calls up in {@code Calls}. */
    static final List<String> BORROW_AND_RETURN_NAMES = List.of("borrowObject", "getResource", "claim", "take", "returnObject",
            "invalidateObject", "returnResource", "returnBrokenResource", "restore");
    /** Releases called on the borrowed object itself: Jedis' close(), Stormpot's release(). */
    static final Set<String> SELF_RELEASE = Set.of("close", "release");
    /** Calls that end a borrowed object's life: returning it afterwards lends out a dead object. */
    static final Set<String> KILLS = Set.of("close", "logout", "disconnect", "quit", "shutdown");
    static final List<String> BORROW_NAMES = List.of("borrowObject", "getResource", "claim", "take");
    /** The pool types a project class may extend (its borrow and return calls name the subclass), by class name. */
    static final List<String> EXTENSIBLE = Stream.concat(POOL_TYPES.stream(), JEDIS_POOLS.stream()).map(t -> t.replace('/', '.')).sorted().toList();

    private PoolApis() {
    }
}
