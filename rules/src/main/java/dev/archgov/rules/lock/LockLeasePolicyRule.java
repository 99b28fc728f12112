package dev.archgov.rules.lock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import dev.archgov.spi.flow.Summaries;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * LOCK-05: how long a distributed lock lives. Under {@code policy: watchdog} (default) a fixed Redisson lease is
 * reported (it disables the watchdog; a lease shorter than the work loses the lock silently); under
 * {@code policy: lease} a Redisson acquire without a lease is. A SETNX lock ({@code setIfAbsent(k, v)},
 * {@code setnx}) without an expiry in the same call is reported under both.
 */
@Kind(name = "lock-lease-policy", locality = Locality.CLASS, title = "Distributed locks follow the lease policy", category = "lock", severity = Severity.MAJOR,
        params = @Param(name = "policy", description = "'watchdog' (default): no fixed Redisson leases; 'lease': every Redisson acquire gives a lease",
                        allowed = {"watchdog", "lease"}))
public final class LockLeasePolicyRule extends BaseRule {

    private static final CallMatcher NO_LEASE = m -> m.owner.startsWith("org/redisson/") && (
            (m.name.equals("lock") || m.name.equals("lockInterruptibly")) && m.desc.equals("()V")
                    || m.name.equals("tryLock") && (m.desc.equals("()Z") || m.desc.equals("(JLjava/util/concurrent/TimeUnit;)Z")));
    private static final CallMatcher EXPIRE = m -> (m.name.equals("expire") || m.name.equals("pexpire") || m.name.equals("expireAt"))
            && (m.owner.startsWith("org/springframework/data/redis/") || m.owner.startsWith("redis/clients/jedis/"));

    @Override
    public ArchRule compile(RuleContext context) {
        boolean leasePolicy = context.params().string("policy").orElse("watchdog").equals("lease");
        return classes().should(new FlowCondition("follow the lease policy", context.index(), (index, c, sink) -> check(index, c, leasePolicy, sink)));
    }

    static void check(RunIndex index, JavaClass javaClass, boolean leasePolicy, Consumer<Violation> sink) {
        if (!leasePolicy) {
            leasesThroughWrappers(index, javaClass, sink);
        }
        SetnxLocks.forEach(index, javaClass, lock -> {
            if (!lock.expiring() && lock.throughWrapper()) {
                sink.accept(lock.site().violation(lock.acquire(), lock.describe(), "SETNX lock without an expiry (set through "
                        + ((MethodInsnNode) lock.site().flow().insn(lock.acquire())).name + "()): if the holder dies before the delete, "
                        + "the key stays and the lock is never released; set it with a timeout"));
            }
        });
        if (!usesDistributedLocks(index, javaClass)) {
            return;
        }
        MethodSite.forEach(index, javaClass, LockApis.FIXED_LEASE.or(NO_LEASE).or(SetnxLocks.SETNX_NO_EXPIRY), site -> {
            MethodFlow flow = site.flow();
            for (int call : flow.calls(LockApis.FIXED_LEASE)) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                int leaseArg = m.name.equals("tryLock") ? 1 : 0;
                Optional<Long> lease = flow.constantArgument(call, leaseArg).filter(Number.class::isInstance).map(n -> ((Number) n).longValue());
                if (lease.isEmpty()) {
                    continue; // a lease from a variable or configuration: bytecode cannot tell whether it is -1 (watchdog)
                }
                if (!leasePolicy && lease.get() != -1) {
                    sink.accept(site.violation(call, MethodSite.describe(m), "fixed lease of " + lease.get() + " disables Redisson's watchdog: "
                            + "if the work outlives the lease the lock is lost silently; omit the lease (or pass -1)"));
                } else if (leasePolicy && lease.get() == -1) {
                    sink.accept(site.violation(call, MethodSite.describe(m), "lease -1 relies on the watchdog; the lease policy asks for an explicit lease"));
                }
            }
            if (leasePolicy) {
                for (int call : flow.calls(NO_LEASE)) {
                    MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                    sink.accept(site.violation(call, MethodSite.describe(m), m.name + "() without a lease relies on the watchdog; "
                            + "the lease policy asks for an explicit lease"));
                }
            }
            List<Integer> expires = flow.calls(EXPIRE);
            boolean lockLifecycle = !expires.isEmpty() || !flow.calls(SetnxLocks.DELETE).isEmpty();
            if (lockLifecycle) {
                for (int call : flow.calls(SetnxLocks.SETNX_NO_EXPIRY)) {
                    MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                    boolean separateExpire = expires.stream().anyMatch(e -> e > call);
                    sink.accept(site.violation(call, MethodSite.describe(m), separateExpire
                            ? m.name + "() followed by a separate expire is not atomic: a crash in between leaves the lock forever; "
                            + "set the value and its expiry in one call"
                            : m.name + "() without an expiry: if the holder dies the lock is never released; pass a timeout"));
                }
            }
        });
    }

    /**
     * A fixed lease passed to the application's own lock wrapper ({@code distributedLock.tryLock(2, 5, SECONDS)}) that
     * hands it on to Redisson unchanged: reported at the call that chooses the constant, as if it called Redisson.
     */
    private static void leasesThroughWrappers(RunIndex index, JavaClass javaClass, Consumer<Violation> sink) {
        String self = javaClass.getName().replace('.', '/');
        CallMatcher mayPassLease = m -> m.desc.contains("J") && !m.owner.startsWith("org/redisson/") && !m.owner.startsWith("java/");
        Summaries summaries = LockSummaries.of(index);
        Predicate<MethodInsnNode> passesLease = m -> mayPassLease.matches(m)
                && summaries.ofCallee(javaClass, m).stream().anyMatch(e -> Summaries.name(e).equals(LockSummaries.LEASE));
        // first on ArchUnit's model of the calls, without reading the class file: most classes call no lease wrapper
        if (Calls.of(index, javaClass).instructions().stream().filter(mayPassLease::matches).map(shared -> {
            // a virtual call also stands for the implementations (a copy: the shared instruction is read-only)
            return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, shared.owner, shared.name, shared.desc);
        }).noneMatch(passesLease)) {
            return;
        }
        Predicate<MethodNode> passing = method -> Arrays.stream(method.instructions.toArray())
                .anyMatch(insn -> insn instanceof MethodInsnNode m && passesLease.test(m));
        MethodSite.forEach(index, javaClass, passing, site -> {
            MethodFlow flow = site.flow();
            for (int call : flow.calls(passesLease::test)) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(call);
                for (String effect : summaries.ofCallee(javaClass, m)) {
                    if (!Summaries.name(effect).equals(LockSummaries.LEASE)) {
                        continue;
                    }
                    Summaries.argumentOf(effect, m).ifPresent(arg -> flow.constantArgument(call, arg).filter(Number.class::isInstance)
                            .map(n -> ((Number) n).longValue()).filter(lease -> lease != -1).ifPresent(lease ->
                                    sink.accept(site.violation(call, MethodSite.describe(m), "fixed lease of " + lease + " passed to "
                                            + (m.owner.equals(self) ? "" : Type.getObjectType(m.owner).getClassName().replaceAll(".*\\.", "") + ".")
                                            + m.name + "(), which hands it to Redisson: it disables the watchdog, and if the work outlives "
                                            + "the lease the lock is lost silently; pass no lease (or -1)"))));
                }
            }
        });
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        DescribedPredicate<JavaClass> distributed = DescribedPredicate.describe("use distributed locks", c -> usesDistributedLocks(context.index(), c));
        return distributed.or(SetnxLocks.users(context.index()));
    }

    static boolean usesDistributedLocks(RunIndex index, JavaClass javaClass) {
        Calls calls = Calls.of(index, javaClass);
        return calls.anyNamed("setIfAbsent", "setnx") || calls.any(LockApis.ACQUIRE, c -> c.getTargetOwner().getName().startsWith("org.redisson."));
    }
}
