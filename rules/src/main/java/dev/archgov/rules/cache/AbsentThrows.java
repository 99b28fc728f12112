package dev.archgov.rules.cache;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validation helpers of the application that throw when a value is absent ({@code ValidationUtil.isNull(user.getId(),
 * "User", "id", id)}, {@code Assert.notNull(user, …)}, a "not found" check): handed what the database returned, they
 * end the miss path with an exception, so nothing is cached for an unknown key however the method goes on.
 */
final class AbsentThrows {
    private AbsentThrows() {
    }

    private static final RunIndex.Key<Map<String, Boolean>> KEY = RunIndex.Key.named("throws when absent");

    /**
     * Whether a call in {@code flow} that the database result at {@code db} can reach is handed a value derived from
     * that result (the result, a getter of it, an {@code Optional}'s {@code orElse…}) and throws when it is absent.
     */
    static boolean afterDb(RunIndex index, JavaClass owner, MethodFlow flow, int db) {
        for (int call : flow.calls(m -> !m.name.equals("<init>") && !m.owner.startsWith("java/"))) {
            if (!flow.reachable(call) || !flow.reaches(db, i -> i == call)) {
                continue;
            }
            MethodInsnNode m = (MethodInsnNode) flow.insn(call);
            Type[] args = Type.getArgumentTypes(m.desc);
            for (int a = 0; a < args.length; a++) {
                if (args[a].getSort() >= Type.ARRAY && derivesFrom(flow, flow.argument(call, a), db, 3) && throwsWhenAbsent(index, owner, m, a)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean derivesFrom(MethodFlow flow, MethodFlow.Origin value, int db, int depth) {
        if (value.roots().contains(db)) {
            return true;
        }
        if (depth == 0) {
            return false;
        }
        for (int r : value.roots()) {
            if (flow.insn(r) instanceof MethodInsnNode m && m.getOpcode() != Opcodes.INVOKESTATIC && !m.name.equals("<init>")
                    && derivesFrom(flow, flow.receiver(r), db, depth - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the analysed method a call runs throws on every path where argument {@code arg} is null or empty. */
    static boolean throwsWhenAbsent(RunIndex index, JavaClass from, MethodInsnNode call, int arg) {
        Map<String, Boolean> known = index.of(KEY, ConcurrentHashMap::new);
        String key = call.owner + "." + call.name + call.desc + "#" + arg;
        Boolean cached = known.get(key);
        if (cached != null) {
            return cached;
        }
        boolean result = target(index, from, call.owner).flatMap(t -> MethodSite.of(index, t, call.name, call.desc))
                .map(site -> throwsWhenAbsent(site.flow(), slot(call, arg))).orElse(false);
        known.put(key, result);
        return result;
    }

    /** The called class: the caller itself, or one of the types whose methods it calls (known per class per run). */
    private static Optional<JavaClass> target(RunIndex index, JavaClass from, String internalName) {
        String name = Type.getObjectType(internalName).getClassName();
        if (from.getName().equals(name)) {
            return Optional.of(from);
        }
        return Calls.of(index, from).owner(internalName);
    }

    private static int slot(MethodInsnNode call, int arg) {
        int slot = call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1;
        Type[] args = Type.getArgumentTypes(call.desc);
        for (int a = 0; a < arg; a++) {
            slot += args[a].getSize();
        }
        return slot;
    }

    /** The parameter in {@code slot} is tested for absence, and the absent branch cannot return normally but can throw. */
    private static boolean throwsWhenAbsent(MethodFlow flow, int slot) {
        String param = "param:" + slot;
        List<Integer> absent = new ArrayList<>();
        for (MethodFlow.Test t : flow.nullTests()) {
            if (t.tested().roots().isEmpty() && t.tested().params().equals(Set.of(param))) {
                absent.add(t.branch().whenFalse());
            }
        }
        for (MethodFlow.Test t : flow.booleanTests()) {
            for (int root : t.tested().roots()) {
                if (flow.insn(root) instanceof MethodInsnNode m && m.getOpcode() == Opcodes.INVOKESTATIC
                        && Type.getArgumentTypes(m.desc).length == 1 && flow.argument(root, 0).params().contains(param)
                        && flow.argument(root, 0).roots().isEmpty()) {
                    if (MissFallbacks.ABSENT.contains(m.name)) {
                        absent.add(t.branch().whenTrue());
                    } else if (MissFallbacks.PRESENT.contains(m.name)) {
                        absent.add(t.branch().whenFalse());
                    }
                }
            }
        }
        return !absent.isEmpty() && absent.stream().allMatch(start -> flow.reaches(start, i -> flow.insn(i).getOpcode() == Opcodes.ATHROW)
                && !flow.reaches(start, i -> isReturn(flow.insn(i).getOpcode())));
    }

    private static boolean isReturn(int opcode) {
        return opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN;
    }
}
