package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

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
            "redis/clients/jedis/util/Pool");
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
            || m.name.equals("returnResource") && JEDIS_POOLS.contains(m.owner)
            || m.name.equals("restore") && m.owner.startsWith("org/vibur/objectpool/");
    /** Every method name {@link #BORROW} and {@link #RETURN} match, for looking calls up in {@code Calls}. */
    static final List<String> BORROW_AND_RETURN_NAMES = List.of("borrowObject", "getResource", "claim", "take", "returnObject",
            "invalidateObject", "returnResource", "restore");
    /** Releases called on the borrowed object itself: Jedis' close(), Stormpot's release(). */
    static final Set<String> SELF_RELEASE = Set.of("close", "release");
    /** Calls that end a borrowed object's life: returning it afterwards lends out a dead object. */
    static final Set<String> KILLS = Set.of("close", "logout", "disconnect", "quit", "shutdown");

    /** The borrowed object a pool release call hands back (its argument; the second one for keyed pools). */
    static Optional<MethodFlow.Origin> returnedObject(MethodFlow flow, int call) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(call);
        int args = Type.getArgumentTypes(m.desc).length;
        if (args == 0) {
            return Optional.empty();
        }
        return Optional.of(flow.argument(call, args - 1));
    }

    /** The pooled type of a pool or factory type: its last type argument, if written. */
    static Optional<JavaType> pooledType(JavaType type) {
        if (type instanceof JavaParameterizedType p && !p.getActualTypeArguments().isEmpty()) {
            return Optional.of(p.getActualTypeArguments().get(p.getActualTypeArguments().size() - 1));
        }
        return Optional.empty();
    }

    static boolean isWildcardOrObject(JavaType t) {
        return t instanceof JavaWildcardType || t.toErasure().getName().equals("java.lang.Object");
    }

    static boolean isResource(RunIndex index, JavaClass t) {
        return Supertypes.isAny(index, t, RESOURCES);
    }

    static boolean isBuffer(RunIndex index, JavaClass t) {
        return BUFFERS.contains(t.getName()) || Supertypes.of(index, t).contains("io.netty.buffer.ByteBuf");
    }

    static boolean isFactory(RunIndex index, JavaClass c) {
        return Supertypes.isAny(index, c, FACTORY_TYPES);
    }

    private static final List<String> BORROW_NAMES = List.of("borrowObject", "getResource", "claim", "take");

    static DescribedPredicate<JavaClass> usesPools(RunIndex index) {
        return DescribedPredicate.describe("use object pools", c -> Calls.of(index, c).any(BORROW_NAMES, call -> {
            String owner = call.getTargetOwner().getName().replace('.', '/');
            return POOL_TYPES.contains(owner) || JEDIS_POOLS.contains(owner) || owner.startsWith("stormpot/") || owner.startsWith("org/vibur/");
        }));
    }

    private PoolApis() {
    }
}
