package dev.archgov.rules.pool;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One class's pool calls: the borrows and returns of {@link PoolApis}, also where the class makes them on the
 * application's own subclass of a pool type ({@code class JedisPool extends redis.clients.util.Pool<Jedis>},
 * {@code class ClientPool extends GenericObjectPool<Client>}): such a call names the subclass, and counts as the
 * library call it inherits. Computed once per class per run.
 */
record PoolCalls(CallMatcher borrow, CallMatcher giveBack) {
    private static final RunIndex.Key<PoolCalls> KEY = RunIndex.Key.named("pool calls");
    private static final PoolCalls LIBRARY = new PoolCalls(PoolApis.BORROW, PoolApis.RETURN);

    static PoolCalls of(RunIndex index, JavaClass javaClass) {
        return index.of(KEY, javaClass, c -> compute(index, c));
    }

    /** Whether the type (internal name) is a pool type or the application's subclass of one. */
    static boolean isPoolType(RunIndex index, JavaClass type) {
        String internal = type.getName().replace('.', '/');
        return PoolApis.POOL_TYPES.contains(internal) || PoolApis.JEDIS_POOLS.contains(internal) || internal.startsWith("stormpot/")
                || internal.startsWith("org/vibur/") || libraryTypeOf(index, type) != null;
    }

    private static PoolCalls compute(RunIndex index, JavaClass javaClass) {
        Map<String, String> subclasses = new HashMap<>();
        for (JavaClass owner : Calls.of(index, javaClass).owners()) {
            String library = libraryTypeOf(index, owner);
            if (library != null) {
                subclasses.put(owner.getName().replace('.', '/'), library);
            }
        }
        if (subclasses.isEmpty()) {
            return LIBRARY;
        }
        return new PoolCalls(asLibrary(PoolApis.BORROW, subclasses), asLibrary(PoolApis.RETURN, subclasses));
    }

    /** The pool library type an application class extends (internal name), or null for a library type or any other class. */
    private static String libraryTypeOf(RunIndex index, JavaClass type) {
        String internal = type.getName().replace('.', '/');
        if (PoolApis.POOL_TYPES.contains(internal) || PoolApis.JEDIS_POOLS.contains(internal)) {
            return null;
        }
        Set<String> supertypes = Supertypes.of(index, type);
        List<String> extended = PoolApis.EXTENSIBLE.stream().filter(supertypes::contains).toList();
        return extended.isEmpty() ? null : extended.get(0).replace('.', '/');
    }

    private static CallMatcher asLibrary(CallMatcher library, Map<String, String> subclasses) {
        return m -> {
            if (library.matches(m)) {
                return true;
            }
            String inherited = subclasses.get(m.owner);
            return inherited != null && library.matches(new MethodInsnNode(m.getOpcode(), inherited, m.name, m.desc));
        };
    }
}
