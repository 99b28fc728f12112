package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-03: every borrowed object goes back (returned or invalidated; Jedis closed, best with try-with-resources) on
 * every path; not after it was closed or logged out; and never {@code null} from a failed borrow. The application's
 * own pool lends each object once ({@link CustomPools}).
 */
@Kind(name = "pool-borrow-return", locality = Locality.CLASS, title = "Borrowed objects go back on every path, alive and never null", category = "pool", severity = Severity.CRITICAL)
public final class PoolBorrowReturnRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        RunIndex index = context.index();
        return classes().that(scope(context)).should(new FlowCondition("return borrowed objects and lend each once", index, (x, c, sink) -> {
            if (PoolAnalysis.usesPools(x).test(c)) {
                check(x, c, sink);
            }
            if (CustomPools.mayBeOne(x, c)) {
                CustomPools.check(x, c, sink);
            }
        }));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        RunIndex index = context.index();
        return PoolAnalysis.usesPools(index).or(DescribedPredicate.describe("keep idle lists", c -> CustomPools.mayBeOne(index, c)));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        Summaries summaries = PoolSummaries.of(index);
        PoolCalls calls = PoolCalls.of(index, javaClass);
        MethodSite.forEach(index, javaClass, PoolAnalysis.borrowing(index, javaClass), site -> {
            MethodFlow flow = site.flow();
            List<Integer> borrows = PoolAnalysis.borrows(site);
            for (int borrow : borrows) {
                if (!flow.storesOrReturnsOf(borrow).isEmpty()) {
                    continue; // handed on: POOL-04's question
                }
                if (capturedByCallback(flow, borrow)) {
                    continue; // a callback gives it back when it runs: whether it always runs, bytecode cannot tell
                }
                PoolAnalysis.leavesWithoutGivingBack(site, borrow, summaries)
                        .ifPresent(exit -> sink.accept(site.violation(borrow, MethodSite.describe((MethodInsnNode) flow.insn(borrow)),
                                "borrowed object is not returned on every path: " + flow.describeExit(exit)
                                        + " keeps it from the pool (exhaustion); return it in a finally block or use try-with-resources")));
            }
            Set<Integer> reportedLines = new HashSet<>(); // javac copies a finally block: one finding per line
            for (int ret : flow.calls(m -> m.name.equals("returnResource"))) {
                if (!calls.giveBack().matches((MethodInsnNode) flow.insn(ret)) && !summaries.has(site, ret, PoolSummaries.RETURN)) {
                    continue; // not a pool's (or the application's Jedis-style pool's) return
                }
                afterFailure(flow, ret, borrows).filter(use -> reportedLines.add(flow.line(ret))).ifPresent(use -> sink.accept(site.violation(ret, MethodSite.describe((MethodInsnNode) flow.insn(ret)),
                        "returns the connection as healthy also when " + ((MethodInsnNode) flow.insn(use)).name + "() on it failed (line "
                                + flow.line(use) + "): a broken connection goes back to the pool and fails the next borrower; on failure "
                                + "call returnBrokenResource(), or close() the Jedis (it checks), and returnResource() on success only")));
            }
            for (int ret : flow.calls(m -> calls.giveBack().matches(m) && m.name.equals("returnObject"))) {
                PoolAnalysis.returnedObject(flow, ret).ifPresent(obj -> {
                    if (obj.roots().stream().anyMatch(flow::isNullConstant) && !nullChecked(flow, ret, obj)) {
                        sink.accept(site.violation(ret, MethodSite.describe((MethodInsnNode) flow.insn(ret)),
                                "returns null when the borrow failed (the variable starts as null): the pool throws and hides the "
                                        + "real error; borrow before the try, or return only what was borrowed"));
                    }
                    for (int kill : flow.calls(m -> PoolApis.KILLS.contains(m.name))) {
                        if (kill != ret && sameObject(flow, obj, flow.receiver(kill))
                                && flow.reachesAvoiding(kill, ret, i -> false)) {
                            MethodInsnNode k = (MethodInsnNode) flow.insn(kill);
                            sink.accept(site.violation(ret, MethodSite.describe((MethodInsnNode) flow.insn(ret)),
                                    "returned to the pool after " + k.name + "(): the next borrower gets a dead object; "
                                            + "invalidateObject() it instead"));
                            break;
                        }
                    }
                });
            }
        });
    }

    /**
     * A call on a borrowed connection (after the borrow, inside a try) from whose exception handler a
     * {@code returnResource} of it is reached with no {@code returnBrokenResource} (or {@code invalidateObject}) on the
     * way: a connection that failed mid-command (broken socket, half-read reply) is lent to the next borrower. Asked of
     * Jedis' pools and of the application's own Jedis-style pools (a {@code returnResource} that gives back); Jedis'
     * own {@code close()} asks the connection whether it broke, {@code returnResource} does not. A try whose handler
     * does reach a broken return (catch the connection failure, return healthy otherwise) is the correct idiom.
     */
    private static Optional<Integer> afterFailure(MethodFlow flow, int ret, List<Integer> borrows) {
        MethodFlow.Origin returned = PoolAnalysis.returnedObject(flow, ret).orElse(null);
        List<Integer> mine = returned == null ? List.of() : borrows.stream().filter(returned.roots()::contains).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        IntPredicate broken = i -> flow.insn(i) instanceof MethodInsnNode m && (m.name.equals("returnBrokenResource") || m.name.equals("invalidateObject"));
        List<TryCatchBlockNode> handlers = flow.method().tryCatchBlocks;
        for (int use = 0; use < flow.size(); use++) {
            int at = use;
            if (!(flow.insn(use) instanceof MethodInsnNode m) || m.getOpcode() == Opcodes.INVOKESTATIC || !flow.reachable(use)
                    || mine.stream().noneMatch(flow.receiver(use).roots()::contains) || mine.stream().noneMatch(b -> flow.reaches(b, i -> i == at))) {
                continue;
            }
            List<Integer> entries = handlers.stream().filter(h -> index(flow, h.start) <= at && at < index(flow, h.end))
                    .map(h -> index(flow, h.handler)).toList();
            if (entries.stream().anyMatch(e -> flow.pathAvoiding(e, broken, i -> false).isPresent())) {
                continue; // the code tells a broken connection from other failures
            }
            if (entries.stream().anyMatch(e -> flow.pathAvoiding(e, i -> i == ret, broken).isPresent())) {
                return Optional.of(use);
            }
        }
        return Optional.empty();
    }

    private static int index(MethodFlow flow, LabelNode label) {
        return flow.method().instructions.indexOf(label);
    }

    /** Two values share where they came from, a {@code null} they both started as aside (two variables both start as null). */
    private static boolean sameObject(MethodFlow flow, MethodFlow.Origin a, MethodFlow.Origin b) {
        return a.roots().stream().filter(r -> !flow.isNullConstant(r)).anyMatch(b.roots()::contains)
                || !a.params().isEmpty() && a.params().equals(b.params());
    }

    /** The borrowed object is captured by a lambda or by an instance of the class's own nested (anonymous) class. */
    private static boolean capturedByCallback(MethodFlow flow, int borrow) {
        String nested = flow.ownerInternalName() + "$";
        for (int i = 0; i < flow.size(); i++) {
            AbstractInsnNode insn = flow.insn(i);
            int args = insn instanceof InvokeDynamicInsnNode indy ? Type.getArgumentTypes(indy.desc).length
                    : insn instanceof MethodInsnNode m && m.name.equals("<init>") && m.owner.startsWith(nested) ? Type.getArgumentTypes(m.desc).length : 0;
            for (int a = 0; a < args && flow.reachable(i); a++) {
                if (flow.stackValue(i, a).roots().contains(borrow)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean nullChecked(MethodFlow flow, int ret, MethodFlow.Origin obj) {
        Set<Integer> jumps = new HashSet<>();
        for (MethodFlow.Test t : flow.nullTests()) {
            if (t.tested().roots().stream().anyMatch(obj.roots()::contains)) {
                jumps.add(t.branch().jump());
            }
        }
        return !jumps.isEmpty() && flow.dominatedBy(ret, jumps::contains);
    }
}
