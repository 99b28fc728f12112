package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.Supertypes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Optional;

import static dev.archgov.rules.pool.PoolApis.*;

/** What the pool pack asks of the code, in the words of {@link PoolApis}: who uses pools, what a type is, what a call returns to the pool. */
final class PoolAnalysis {
    private PoolAnalysis() {
    }

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

    static DescribedPredicate<JavaClass> usesPools(RunIndex index) {
        return DescribedPredicate.describe("use object pools", c -> Calls.of(index, c).any(BORROW_NAMES, call -> {
            String owner = call.getTargetOwner().getName().replace('.', '/');
            return POOL_TYPES.contains(owner) || JEDIS_POOLS.contains(owner) || owner.startsWith("stormpot/") || owner.startsWith("org/vibur/");
        }));
    }
}
