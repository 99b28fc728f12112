package dev.archgov.spi.flow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lens on hand-written methods, each compiled with and without debug information: try/finally,
 * try/catch/finally, try-with-resources, early returns, loops, nested tries, lambdas and one-line code.
 */
class MethodFlowTest {
    static final String SOURCE = """
            import java.util.concurrent.locks.Lock;
            import java.util.concurrent.TimeUnit;
            class Subject {
                Lock lock; Lock other;
                void work() {}
                boolean check() { return true; }

                void tryFinally() { lock.lock(); try { work(); } finally { lock.unlock(); } }
                void noFinally() { lock.lock(); work(); lock.unlock(); }
                void tryCatchFinally() {
                    lock.lock();
                    try { work(); } catch (IllegalStateException e) { work(); } finally { lock.unlock(); }
                }
                void catchOnlyRethrows() {
                    lock.lock();
                    try { work(); lock.unlock(); } catch (RuntimeException e) { lock.unlock(); throw e; }
                }
                void earlyReturnInsideTry() { lock.lock(); try { if (check()) { return; } work(); } finally { lock.unlock(); } }
                void earlyReturnWithoutRelease() { lock.lock(); if (check()) { return; } lock.unlock(); }
                void loop() { for (int i = 0; i < 3; i++) { lock.lock(); try { work(); } finally { lock.unlock(); } } }
                void nested() {
                    lock.lock();
                    try { other.lock(); try { work(); } finally { other.unlock(); } } finally { lock.unlock(); }
                }
                void releasesTheWrongLock() { lock.lock(); try { work(); } finally { other.unlock(); } }
                void tryWithResources() { try (var r = new java.io.StringReader("x")) { work(); } }
                void lambda() { Runnable r = () -> { lock.lock(); work(); lock.unlock(); }; r.run(); }
                void acquireInsideTry() { try { lock.lock(); work(); } finally { lock.unlock(); } }
                void tryLockBranched() { if (lock.tryLock()) { try { work(); } finally { lock.unlock(); } } }
                void tryLockStoredThenBranched() throws InterruptedException {
                    boolean ok = lock.tryLock(1, TimeUnit.SECONDS);
                    if (!ok) { throw new IllegalStateException("busy"); }
                    try { work(); } finally { lock.unlock(); }
                }
                void tryLockIgnored() { lock.tryLock(); try { work(); } finally { lock.unlock(); } }
                boolean tryLockReturned() { return lock.tryLock(); }
                void unlockAlsoWhenTryLockFailed() {
                    boolean ok = lock.tryLock();
                    try { if (ok) { work(); } } finally { lock.unlock(); }
                }
                void leaseConstant() throws InterruptedException { lock.tryLock(5L, TimeUnit.SECONDS); }
                void finallyInsideCatchThrowable() {
                    try { lock.lock(); try { work(); } finally { lock.unlock(); } } catch (Throwable t) { work(); }
                }
            }
            """;
    static final String ONE_LINE = """
            import java.util.concurrent.locks.Lock;
            class OneLine { Lock lock; void w() {} void good() { lock.lock(); try { w(); } finally { lock.unlock(); } } void bad() { lock.lock(); w(); lock.unlock(); } }
            """;

    static Compiled subject(boolean debug) {
        return Compiled.compile("Subject", SOURCE, debug);
    }

    static final CallMatcher ACQUIRE = CallMatcher.named("java/util/concurrent/locks/Lock", "lock", "tryLock");
    static final CallMatcher RELEASE = CallMatcher.named("java/util/concurrent/locks/Lock", "unlock");

    /** Exit reachable from the first acquire without a release of the same lock (assuming a tryLock succeeded). */
    static Optional<Integer> unreleased(MethodFlow flow) {
        int acquire = flow.calls(ACQUIRE).get(0);
        MethodFlow.Origin lock = flow.receiver(acquire);
        List<MethodFlow.Branch> tests = flow.branchesOn(acquire);
        return flow.pathToExitAvoiding(acquire,
                i -> flow.insn(i) instanceof MethodInsnNode m && RELEASE.matches(m) && flow.maySame(lock, flow.receiver(i)),
                (from, to) -> tests.stream().anyMatch(b -> b.jump() == from && b.whenFalse() == to));
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void releaseOnEveryPath(boolean debug) {
        Compiled c = subject(debug);
        // finallyInsideCatchThrowable: the outer catch is listed after the finally in the exception table and never
        // sees an exception thrown inside the inner try (the JVM takes the first matching entry).
        for (String m : List.of("tryFinally", "tryCatchFinally", "earlyReturnInsideTry", "loop", "nested", "finallyInsideCatchThrowable",
                "tryLockBranched", "tryLockStoredThenBranched")) {
            assertThat(unreleased(c.flow("Subject", m))).as(m).isEmpty();
        }
        // catchOnlyRethrows: an Error (not a RuntimeException) thrown by work() leaves the method with the lock held.
        for (String m : List.of("noFinally", "earlyReturnWithoutRelease", "releasesTheWrongLock", "catchOnlyRethrows")) {
            assertThat(unreleased(c.flow("Subject", m))).as(m).isPresent();
        }
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void tryWithResourcesClosesOnEveryPath(boolean debug) {
        MethodFlow flow = subject(debug).flow("Subject", "tryWithResources");
        CallMatcher close = m -> m.name.equals("close");
        int work = flow.calls(m -> m.name.equals("work")).get(0);
        assertThat(flow.pathToExitAvoiding(work, i -> flow.insn(i) instanceof MethodInsnNode m && close.matches(m),
                MethodFlow.EdgeFilter.NONE)).isEmpty();
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void lambdaBodiesAreTheirOwnMethods(boolean debug) {
        Compiled c = subject(debug);
        assertThat(c.flow("Subject", "lambda").calls(ACQUIRE)).isEmpty();
        assertThat(unreleased(c.lambdaIn("Subject", "lambda"))).isPresent();
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void oneLineCodeIsDecidedByControlFlowNotLines(boolean debug) {
        Compiled c = Compiled.compile("OneLine", ONE_LINE, debug);
        assertThat(unreleased(c.flow("OneLine", "good"))).isEmpty();
        assertThat(unreleased(c.flow("OneLine", "bad"))).isPresent();
        MethodFlow good = c.flow("OneLine", "good");
        assertThat(good.line(good.calls(ACQUIRE).get(0))).isEqualTo(debug ? 2 : 0);
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void acquireInsideTheProtectedRangeOfItsReleasingHandler(boolean debug) {
        Compiled c = subject(debug);
        MethodFlow inside = c.flow("Subject", "acquireInsideTry");
        int acquire = inside.calls(ACQUIRE).get(0);
        assertThat(inside.catchAllHandlersCovering(acquire)).singleElement()
                .satisfies(handler -> assertThat(inside.pathAvoiding(handler, i -> inside.insn(i) instanceof MethodInsnNode m
                        && RELEASE.matches(m), i -> false)).isPresent());
        MethodFlow outside = c.flow("Subject", "tryFinally");
        assertThat(outside.catchAllHandlersCovering(outside.calls(ACQUIRE).get(0))).isEmpty();
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void booleanResults(boolean debug) {
        Compiled c = subject(debug);
        MethodFlow branched = c.flow("Subject", "tryLockBranched");
        assertThat(branched.branchesOn(branched.calls(ACQUIRE).get(0))).hasSize(1);
        MethodFlow stored = c.flow("Subject", "tryLockStoredThenBranched");
        assertThat(stored.branchesOn(stored.calls(ACQUIRE).get(0))).hasSize(1);
        MethodFlow ignored = c.flow("Subject", "tryLockIgnored");
        int call = ignored.calls(ACQUIRE).get(0);
        assertThat(ignored.branchesOn(call)).isEmpty();
        assertThat(ignored.resultDiscarded(call)).isTrue();
        MethodFlow returned = c.flow("Subject", "tryLockReturned");
        assertThat(returned.resultHandedOn(returned.calls(ACQUIRE).get(0))).isTrue();
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void releaseReachableWhenTheTryLockFailed(boolean debug) {
        MethodFlow flow = subject(debug).flow("Subject", "unlockAlsoWhenTryLockFailed");
        int acquire = flow.calls(ACQUIRE).get(0);
        MethodFlow.Branch branch = flow.branchesOn(acquire).get(0);
        assertThat(flow.pathAvoiding(branch.whenFalse(), i -> flow.insn(i) instanceof MethodInsnNode m
                && RELEASE.matches(m), i -> false)).isPresent();
        MethodFlow guarded = subject(debug).flow("Subject", "tryLockBranched");
        int acquire2 = guarded.calls(ACQUIRE).get(0);
        assertThat(guarded.pathAvoiding(guarded.branchesOn(acquire2).get(0).whenFalse(), i -> guarded.insn(i) instanceof MethodInsnNode m
                && RELEASE.matches(m), i -> false)).isEmpty();
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = {true, false})
    void constantArguments(boolean debug) {
        MethodFlow flow = subject(debug).flow("Subject", "leaseConstant");
        int call = flow.calls(ACQUIRE).get(0);
        assertThat(flow.constantArgument(call, 0)).contains(5L);
        assertThat(flow.constantArgument(call, 1)).isEmpty();
    }
}
