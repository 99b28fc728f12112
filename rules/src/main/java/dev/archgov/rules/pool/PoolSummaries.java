package dev.archgov.rules.pool;

import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Set;

/**
 * The pool pack's method summaries: a call borrows or returns a pooled object when it is a pool API's borrow or
 * return ({@link PoolApis}; closing a Jedis connection returns it), or when it runs analysed code that does, through
 * the application's own helpers ({@code returnToPool(client)}, {@code close(client)} with a null check, a
 * {@code getConnection()} that borrows and hands the object out).
 */
final class PoolSummaries {
    /** The call borrows an object from a pool. */
    static final String BORROW = "borrow";
    /** The call gives an object back (returned or invalidated). */
    static final String RETURN = "return";

    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("pool summaries");

    private PoolSummaries() {
    }

    static Summaries of(RunIndex index) {
        return Summaries.of(index, KEY, Summaries.byCall(PoolSummaries::direct));
    }

    static Set<String> direct(MethodInsnNode call) {
        if (PoolApis.BORROW.matches(call)) {
            return Set.of(BORROW);
        }
        if (PoolApis.RETURN.matches(call) || call.name.equals("close") && call.owner.startsWith("redis/clients/jedis/Jedis")) {
            return Set.of(RETURN);
        }
        return Set.of();
    }
}
