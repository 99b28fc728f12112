package dev.archgov.rules.lock;

import dev.archgov.rules.testing.CompactTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * LOCK-04, the result of tryLock decides whether the work runs and whether to release: ignored, only guarding the
 * release while the work runs anyway, or released when the acquire failed; and the correct forms beside them.
 */
class LockTrylockCheckedRuleTest {
    @TempDir
    Path dir;

    @Test
    void theResultMustGuardTheWorkNotOnlyTheRelease() {
        CompactTest.of(dir, "lock").source("""
                package shop;
                import java.util.concurrent.locks.ReentrantLock;
                public class Counter {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int count;
                    public void ignored() {
                        lock.tryLock(); // expect: LOCK-04
                        try { count++; } finally { lock.unlock(); }
                    }
                    public void guardsOnlyTheRelease() {
                        boolean locked = lock.tryLock(); // expect: LOCK-04
                        try {
                            count++;
                        } finally {
                            if (locked) {
                                lock.unlock();
                            }
                        }
                    }
                    public void releasesWhenNotAcquired() {
                        if (lock.tryLock()) { // expect: LOCK-04
                            count++;
                        }
                        lock.unlock();
                    }
                    /** Correct: no lock, no work. */
                    public boolean returnsWhenNotAcquired() {
                        if (!lock.tryLock()) {
                            return false;
                        }
                        try { count++; return true; } finally { lock.unlock(); }
                    }
                    /** Correct: the work and the release both inside the acquired branch. */
                    public void worksOnlyWhenAcquired() {
                        if (lock.tryLock()) {
                            try { count++; } finally { lock.unlock(); }
                        }
                    }
                    /** Correct: the flag guards the release, and the work is skipped when the lock was not acquired. */
                    public void flagAndEarlyExit() {
                        boolean locked = lock.tryLock();
                        try {
                            if (!locked) {
                                return;
                            }
                            count++;
                        } finally {
                            if (locked) {
                                lock.unlock();
                            }
                        }
                    }
                }
                """).assertMarkersOf(3, "LOCK-04");
    }
}
