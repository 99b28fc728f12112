package dev.archgov.rules.pool;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Set;

/**
 * The pool pack's method summaries: a call borrows or returns a pooled object when it is a pool API's borrow or
 * return ({@link PoolApis}, also on the application's own subclass of a pool type: {@link PoolCalls}; closing a
 * Jedis connection returns it), or when it runs analysed code that does, through the application's own helpers
 * ({@code returnToPool(client)}, {@code close(client)} with a null check). A method that borrows and returns the
 * borrowed object to its caller ({@code getConnection()} over {@code pool.borrowObject()}, and its wrappers that
 * return its result in turn) {@linkplain #LEND lends}: its callers borrow when they call it.
 */
final class PoolSummaries {
    /** The call borrows an object from a pool. */
    static final String BORROW = "borrow";
    /** The call gives an object back (returned or invalidated). */
    static final String RETURN = "return";
    /** The call returns an object borrowed from a pool to its caller: a borrow, for the caller. */
    static final String LEND = "lend" + Summaries.RESULT;

    private static final RunIndex.Key<Summaries> KEY = RunIndex.Key.named("pool summaries");

    private PoolSummaries() {
    }

    static Summaries of(RunIndex index) {
        return Summaries.of(index, KEY, new Summaries.Effects() {
            @Override
            public Set<String> of(MethodFlow flow, int call) {
                return direct((MethodInsnNode) flow.insn(call));
            }

            @Override
            public Set<String> of(JavaClass from, MethodFlow flow, int call) {
                PoolCalls calls = PoolCalls.of(index, from);
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                if (calls.borrow().matches(m)) {
                    return Summaries.returnsResultOf(flow, call) ? Set.of(BORROW, LEND) : Set.of(BORROW);
                }
                return calls.giveBack().matches(m) || isJedisClose(m) ? Set.of(RETURN) : Set.of();
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return !direct(call).isEmpty();
            }

            @Override
            public boolean mayAffect(JavaClass from, MethodInsnNode call) {
                PoolCalls calls = PoolCalls.of(index, from);
                return calls.borrow().matches(call) || calls.giveBack().matches(call) || isJedisClose(call);
            }
        });
    }

    /** The effects of a pool library call by the instruction alone (no subclasses, no lending). */
    static Set<String> direct(MethodInsnNode call) {
        if (PoolApis.BORROW.matches(call)) {
            return Set.of(BORROW);
        }
        return PoolApis.RETURN.matches(call) || isJedisClose(call) ? Set.of(RETURN) : Set.of();
    }

    private static boolean isJedisClose(MethodInsnNode call) {
        return call.name.equals("close") && call.owner.startsWith("redis/clients/jedis/Jedis");
    }
}
