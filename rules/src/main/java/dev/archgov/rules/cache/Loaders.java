package dev.archgov.rules.cache;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.flow.Descriptors;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Optional;
import java.util.Set;

/**
 * Cache-aside helpers that take their database fallback as a function ({@code queryWithPassThrough(prefix, id, type,
 * this::getById, ttl)}): inside the helper, the call of the loader parameter ({@code dbFallback.apply(id)}) is the
 * database call when a caller hands it a method reference or lambda that reaches the database. Found per call of the
 * helper in the analysed code; nobody declares {@code Function.apply} as database access.
 */
final class Loaders {
    private Loaders() {
    }

    /** The functional interfaces a loader comes as, with the method that runs it. */
    private static final Set<String> FUNCTIONS = Set.of("java/util/function/Function.apply", "java/util/function/BiFunction.apply",
            "java/util/function/Supplier.get", "java/util/concurrent/Callable.call", "java/util/function/LongFunction.apply",
            "java/util/function/IntFunction.apply");

    /**
     * Whether call {@code i} of the helper runs a loader parameter that some caller of the helper fills with code that
     * reaches the database; the caller's description when so.
     */
    static Optional<String> reachesDb(MethodSite site, int i, CacheApis.Facades facades) {
        if (!(site.flow().insn(i) instanceof MethodInsnNode m) || !FUNCTIONS.contains(m.owner + "." + m.name)) {
            return Optional.empty();
        }
        MethodFlow.Origin loader = site.flow().receiver(i);
        if (loader.unknown() || !loader.roots().isEmpty() || loader.params().size() != 1) {
            return Optional.empty();
        }
        int slot = Integer.parseInt(loader.params().iterator().next().substring("param:".length()));
        int arg = argumentIndex(site, slot);
        if (arg < 0 || !(site.codeUnit().orElse(null) instanceof JavaMethod helper)) {
            return Optional.empty();
        }
        RunIndex index = site.index();
        for (JavaMethodCall call : helper.getCallsOfSelf()) {
            JavaCodeUnit caller = call.getOrigin();
            JavaClass callerClass = caller.getOwner();
            Optional<MethodSite> callerSite = MethodSite.of(index, callerClass, caller.getName(), Descriptors.of(caller));
            if (callerSite.isEmpty()) {
                continue;
            }
            MethodFlow flow = callerSite.get().flow();
            for (int c : flow.calls(x -> x.name.equals(helper.getName()) && x.desc.equals(Descriptors.of(helper)))) {
                if (flow.line(c) != call.getLineNumber()) {
                    continue;
                }
                for (int root : flow.argument(c, arg).roots()) {
                    if (flow.insn(root) instanceof InvokeDynamicInsnNode indy && indy.bsmArgs.length > 1 && indy.bsmArgs[1] instanceof Handle target
                            && runsDb(index, callerClass, target, facades)) {
                        return Optional.of(callerClass.getSimpleName() + "." + caller.getName() + "() passes "
                                + (target.getName().startsWith("lambda$") ? "a lambda" : Type.getObjectType(target.getOwner()).getClassName()
                                .replaceAll(".*\\.", "") + "::" + target.getName()) + " (line " + call.getLineNumber() + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The method a method reference or lambda names queries the database (directly or through the application's code). */
    private static boolean runsDb(RunIndex index, JavaClass from, Handle target, CacheApis.Facades facades) {
        int opcode = switch (target.getTag()) {
            case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
            case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
            case Opcodes.H_INVOKESPECIAL, Opcodes.H_NEWINVOKESPECIAL -> Opcodes.INVOKESPECIAL;
            default -> Opcodes.INVOKEVIRTUAL;
        };
        MethodInsnNode call = new MethodInsnNode(opcode, target.getOwner(), target.getName(), target.getDesc(), target.isInterface());
        return CacheAnalysis.dbAccess(index, from, facades).matches(call);
    }

    /** The argument index of the parameter in local slot {@code slot} ({@code this} aside). */
    private static int argumentIndex(MethodSite site, int slot) {
        int next = (site.method().access & Opcodes.ACC_STATIC) == 0 ? 1 : 0;
        Type[] args = Type.getArgumentTypes(site.method().desc);
        for (int a = 0; a < args.length; a++) {
            if (next == slot) {
                return a;
            }
            next += args[a].getSize();
        }
        return -1;
    }
}
