package dev.archgov.rules.cache;

import com.tngtech.archunit.core.domain.JavaMethod;
import dev.archgov.spi.WebLayer;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keys only clients write. A cache read whose miss falls back to the database in a method that never writes the key
 * is no cache-aside there; who writes the key elsewhere says what it holds. When the key is built by a method of the
 * application ({@code keys.stock(id)}, {@code resourceKey(id)}) and every write of a key that method builds stores a
 * value a web request supplies (a parameter of an endpoint, handed down), the key is client state — a draft, a user's
 * override — not a copy of the database, and its miss reaching the stored row is the normal path. A key built in any
 * other way, a write of a value the code computes (a row it loaded: a warm-up), or no write found keeps the finding.
 */
final class ClientWrittenKeys {
    /** How many callers up a written value is followed to the endpoint that received it. */
    private static final int CALLER_DEPTH = 2;

    private ClientWrittenKeys() {
    }

    /** Whether the key read at {@code read} (directly, or inside the facade or helper called there) is written only with request values. */
    static boolean onlyClientsWrite(MethodSite site, int read, CacheApis.Facades facades) {
        Optional<JavaMethod> builder = keyBuilder(site, read, facades, 2);
        if (builder.isEmpty()) {
            return false;
        }
        Optional<List<KeyProvenance.CallSite>> built = KeyProvenance.callSites(site.index(), builder.get());
        if (built.isEmpty()) {
            return false;
        }
        int writes = 0;
        for (KeyProvenance.CallSite b : built.get()) {
            MethodFlow flow = b.caller().flow();
            CallMatcher write = CacheAnalysis.writes(site.index(), b.caller().owner(), facades);
            for (int w : flow.calls(write)) {
                MethodInsnNode m = (MethodInsnNode) flow.insn(w);
                if (Type.getArgumentTypes(m.desc).length < 2 || !flow.argument(w, 0).roots().contains(b.insn())) {
                    continue;
                }
                writes++;
                MethodFlow.Origin value = flow.argument(w, 1);
                Set<Integer> params = flow.parametersOf(value, 4);
                if (params.isEmpty() || !KeyProvenance.onlyFromParameters(flow, value, 4) || !fromRequests(b.caller(), params, CALLER_DEPTH)) {
                    return false; // a value the code computes or loads: the key may well be a copy of the database
                }
            }
        }
        return writes > 0;
    }

    /**
     * The application method that builds the key of the read at {@code call}: the call its key argument is the result
     * of, or, when the read is the application's own facade or helper given the key's parts, the builder inside it.
     */
    private static Optional<JavaMethod> keyBuilder(MethodSite site, int call, CacheApis.Facades facades, int depth) {
        MethodFlow flow = site.flow();
        MethodInsnNode read = (MethodInsnNode) flow.insn(call);
        if (Type.getArgumentTypes(read.desc).length > 0) {
            Set<Integer> roots = flow.argument(call, 0).roots();
            if (roots.size() == 1 && flow.insn(roots.iterator().next()) instanceof MethodInsnNode b && !b.owner.startsWith("java/")) {
                Optional<JavaMethod> built = target(site, roots.iterator().next());
                if (built.isPresent()) {
                    return built;
                }
            }
        }
        if (depth == 0) {
            return Optional.empty();
        }
        Optional<MethodSite> callee = target(site, call).flatMap(m -> MethodSite.of(site.index(), m.getOwner(), m.getName(), Descriptors.of(m)));
        if (callee.isEmpty()) {
            return Optional.empty();
        }
        List<Optional<JavaMethod>> inside = new ArrayList<>();
        for (int r : callee.get().flow().calls(CacheAnalysis.reads(site.index(), callee.get().owner(), facades))) {
            inside.add(keyBuilder(callee.get(), r, facades, depth - 1));
        }
        return inside.size() == 1 ? inside.get(0) : Optional.empty(); // one read inside, or nothing certain
    }

    /** The analysed method a call of {@code site} runs (as ArchUnit resolved it), when it is one. */
    private static Optional<JavaMethod> target(MethodSite site, int call) {
        MethodInsnNode m = (MethodInsnNode) site.flow().insn(call);
        int line = site.flow().line(call);
        return Calls.of(site.index(), site.owner()).named(m.name).stream()
                .filter(c -> c.getLineNumber() == line && Descriptors.of(c.getTarget()).equals(m.desc))
                .findFirst().flatMap(c -> c.getTarget().resolveMember());
    }

    /** The parameters {@code params} of {@code site} are, at every call, parameters a web endpoint received. */
    private static boolean fromRequests(MethodSite site, Set<Integer> params, int depth) {
        return KeyProvenance.everyCaller(site, params, depth, method -> WebLayer.contains(method.getOwner()), (flow, value) -> false);
    }
}
