package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * LOCK-02: a transactional method (through the proxy) that takes and releases a lock itself releases it before the
 * transaction commits. Synchronized blocks count as locks too.
 */
@Kind(name = "lock-inside-transaction", title = "No lock taken and released inside a transaction", category = "lock", severity = Severity.CRITICAL)
public final class LockInsideTransactionRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().should(new FlowCondition("take no lock inside a transaction", context.index(), LockInsideTransactionRule::check));
    }

    static void check(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        if (!Transactions.mayHaveProxiedMethods(index, javaClass)
                || javaClass.getMethods().stream().noneMatch(m -> Transactions.transactional(m).present())) {
            return;
        }
        Set<String> types = LockAnalysis.lockTypesUsedBy(index, javaClass);
        String self = javaClass.getName().replace('.', '/');
        Predicate<MethodNode> relevant = MethodSite.calling(LockApis.acquire(types)
                .or(m -> m.owner.equals(self))).or(MethodSite.holding(Opcodes.MONITORENTER));
        MethodSite.forEach(index, javaClass, relevant, site -> {
            if (site.isLambda() || !(site.codeUnit().orElse(null) instanceof JavaMethod method)
                    || !Transactions.transactional(method).present()) {
                return;
            }
            scan(site, site, method, types, relevant, MethodSite.HELPER_DEPTH, new HashSet<>(), sink);
        });
    }

    private static void scan(MethodSite tx, MethodSite site, JavaMethod method, Set<String> types,
                             Predicate<MethodNode> relevant, int depth,
                             Set<String> visited, Consumer<Violation> sink) {
        if (!visited.add(site.method().name + site.method().desc)) {
            return;
        }
        MethodFlow flow = site.flow();
        for (int acquire : flow.calls(LockApis.acquire(types))) {
            MethodFlow.Origin lock = flow.receiver(acquire);
            List<MethodFlow.Branch> tests = flow.branchesOn(acquire);
            flow.pathAvoiding(acquire, i -> i != acquire && flow.isCall(i, LockApis.release(types))
                            && flow.maySame(lock, flow.receiver(i)),
                    i -> tests.stream().anyMatch(b -> b.whenFalse() == i))
                    .ifPresent(release -> sink.accept(new Violation(method.getFullName(), MethodSite.describe((MethodInsnNode) flow.insn(acquire)),
                            site.owner(), line(site, acquire), "lock taken inside the transaction of " + method.getName()
                            + "() and released" + at(flow, release) + " before the transaction commits: another thread can take it "
                            + "and read uncommitted state (oversell); lock outside the transactional method, or release after completion")));
        }
        for (int enter : flow.monitorEnters()) {
            sink.accept(new Violation(method.getFullName(), "synchronized", site.owner(), line(site, enter),
                    "synchronized block inside the transaction of " + method.getName() + "(): the monitor is released before the "
                            + "transaction commits; synchronize around the transactional call instead"));
        }
        if (depth > 0) {
            for (int call : flow.selfCalls()) {
                for (MethodSite helper : site.helpersCalled(call, relevant)) {
                    scan(tx, helper, method, types, relevant, depth - 1, visited, sink);
                }
            }
        }
    }

    private static int line(MethodSite site, int insn) {
        int line = site.flow().line(insn);
        return line > 0 ? line : site.firstLine();
    }

    private static String at(MethodFlow flow, int insn) {
        return flow.line(insn) > 0 ? " at line " + flow.line(insn) : "";
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return DescribedPredicate.describe("have transactional or async methods", c -> Transactions.mayHaveProxiedMethods(context.index(), c));
    }
}
