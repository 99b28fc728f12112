package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * LOCK-02: a transactional method (through the proxy) that takes and releases a lock itself releases it before the
 * transaction commits. Synchronized blocks count as locks too.
 */
@Kind(name = "lock-inside-transaction", locality = Locality.CLASS, title = "No lock taken and released inside a transaction", category = "lock", severity = Severity.CRITICAL,
        params = {@Param(name = "acquires", type = ParamType.CODE_GLOBS, description = DeclaredLocks.ACQUIRES_DOC),
                  @Param(name = "releases", type = ParamType.CODE_GLOBS, description = DeclaredLocks.RELEASES_DOC)})
public final class LockInsideTransactionRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        DeclaredLocks declared = DeclaredLocks.of(context.params());
        return classes().should(new FlowCondition("take no lock inside a transaction", context.index(), (index, c, sink) -> check(index, c, declared, sink)));
    }

    static void check(RunIndex index, JavaClass javaClass, DeclaredLocks declared, Consumer<Violation> sink) {
        if (!Transactions.mayHaveProxiedMethods(index, javaClass)
                || javaClass.getMethods().stream().noneMatch(m -> Transactions.transactional(m).present())) {
            return;
        }
        Set<String> types = LockAnalysis.lockTypesUsedBy(index, javaClass);
        String self = javaClass.getName().replace('.', '/');
        Summaries summaries = LockSummaries.of(index);
        Set<String> transactional = new HashSet<>();
        javaClass.getMethods().stream().filter(m -> Transactions.transactional(m).present())
                .forEach(m -> transactional.add(m.getName() + Descriptors.of(m)));
        Predicate<MethodNode> relevant = m -> transactional.contains(m.name + m.desc); // any call of theirs may be a lock wrapper's
        MethodSite.forEach(index, javaClass, relevant, site -> {
            if (site.isLambda() || !(site.codeUnit().orElse(null) instanceof JavaMethod method)
                    || !Transactions.transactional(method).present()) {
                return;
            }
            scan(site, method, types, summaries, declared, self, MethodSite.HELPER_DEPTH, new HashSet<>(), sink);
        });
    }

    private static void scan(MethodSite site, JavaMethod method, Set<String> types, Summaries summaries, DeclaredLocks declared, String self,
                             int depth, Set<String> visited, Consumer<Violation> sink) {
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
        throughWrappers(site, method, types, summaries, declared, self, sink);
        for (int enter : flow.monitorEnters()) {
            sink.accept(new Violation(method.getFullName(), "synchronized", site.owner(), line(site, enter),
                    "synchronized block inside the transaction of " + method.getName() + "(): the monitor is released before the "
                            + "transaction commits; synchronize around the transactional call instead"));
        }
        if (depth > 0) {
            for (int call : flow.selfCalls()) {
                for (MethodSite helper : site.helpersCalled(call, m -> true)) {
                    scan(helper, method, types, summaries, declared, self, depth - 1, visited, sink);
                }
            }
        }
    }

    /**
     * Locks taken through calls into other classes of the application (a lock utility, a lock service, a template):
     * one call that both takes and releases a lock, or a call that takes one followed on some path by a call that
     * releases one, within the transaction. Same-class helpers are scanned as code of their own ({@link #scan}).
     */
    private static void throughWrappers(MethodSite site, JavaMethod method, Set<String> types, Summaries summaries, DeclaredLocks declared,
                                        String self, Consumer<Violation> sink) {
        MethodFlow flow = site.flow();
        CallMatcher wrapper = m -> !m.owner.equals(self) && !m.name.equals("<init>") && LockSummaries.direct(m).isEmpty()
                && !LockApis.acquire(types).matches(m) && !LockApis.release(types).matches(m);
        for (int call : flow.calls(wrapper)) {
            Set<String> effects = declared.effects(summaries, site, call);
            if (!effects.contains(LockSummaries.ACQUIRE)) {
                continue;
            }
            String callee = MethodSite.describe((MethodInsnNode) flow.insn(call));
            if (effects.contains(LockSummaries.RELEASE)) {
                if (!passesWork(flow, call)) {
                    continue; // a callee that locks around its own work (a cache rebuild's mutex): not the transaction's writes
                }
                sink.accept(new Violation(method.getFullName(), callee, site.owner(), line(site, call), "the work passed to "
                        + ((MethodInsnNode) flow.insn(call)).name + "() runs under a lock that is released when it returns, inside the "
                        + "transaction of " + method.getName() + "(): the lock is released before the transaction commits, so another "
                        + "thread can take it and read uncommitted state (oversell); take the lock around the transactional call, or "
                        + "release it after completion"));
                continue;
            }
            IntPredicate releases = i -> i != call && (flow.isCall(i, LockApis.release(types))
                    || flow.insn(i) instanceof MethodInsnNode m && wrapper.matches(m) && declared.effects(summaries, site, i).contains(LockSummaries.RELEASE));
            flow.pathAvoiding(call, releases, i -> false).ifPresent(release -> sink.accept(new Violation(method.getFullName(), callee,
                    site.owner(), line(site, call), "lock taken through " + ((MethodInsnNode) flow.insn(call)).name + "() inside the "
                    + "transaction of " + method.getName() + "() and released" + at(flow, release) + " before the transaction commits: "
                    + "another thread can take it and read uncommitted state (oversell); lock outside the transactional method, or "
                    + "release after completion")));
        }
    }

    /**
     * Whether the call hands the callee work to run (a lambda or method reference): a lock template that takes the lock
     * around the caller's own code, which the transaction commits after the template has released the lock.
     */
    private static boolean passesWork(MethodFlow flow, int call) {
        MethodInsnNode m = (MethodInsnNode) flow.insn(call);
        return IntStream.range(0, Type.getArgumentTypes(m.desc).length)
                .anyMatch(a -> flow.argument(call, a).roots().stream().anyMatch(r -> flow.insn(r) instanceof InvokeDynamicInsnNode));
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
