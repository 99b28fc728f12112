package dev.archgov.rules.pool;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.Bytecode;
import dev.archgov.spi.flow.CallMatcher;
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The application's own pool over a list or queue field: a method that lends an element it reads without taking it
 * out (and without marking it taken), while another method gives objects back by adding them to the same field,
 * lends one object to two borrowers at once (double lending), and the give-back adds it a second time.
 */
final class CustomPools {
    private CustomPools() {
    }

    /** Collections an idle list is kept in. */
    private static final Set<String> IDLE_LISTS = Set.of("java/util/List", "java/util/ArrayList", "java/util/LinkedList",
            "java/util/Queue", "java/util/Deque", "java/util/ArrayDeque", "java/util/Vector", "java/util/Stack",
            "java/util/concurrent/BlockingQueue", "java/util/concurrent/LinkedBlockingQueue", "java/util/concurrent/ArrayBlockingQueue",
            "java/util/concurrent/ConcurrentLinkedQueue", "java/util/concurrent/LinkedBlockingDeque", "java/util/concurrent/ConcurrentLinkedDeque",
            "java/util/concurrent/CopyOnWriteArrayList", "java/util/concurrent/BlockingDeque");
    /** Reads that leave the element in the collection. */
    private static final Set<String> PEEKS = Set.of("get", "peek", "peekFirst", "peekLast", "element", "getFirst", "getLast",
            "firstElement", "lastElement");
    private static final Set<String> TAKES = Set.of("remove", "removeFirst", "removeLast", "poll", "pollFirst", "pollLast", "take",
            "takeFirst", "takeLast", "pop", "clear", "removeIf", "drainTo");
    private static final Set<String> ADDS = Set.of("add", "addLast", "addFirst", "offer", "offerLast", "offerFirst", "push", "put", "putLast", "putFirst");

    /** How a pool's lending method is named ({@code borrow}, {@code acquire}, {@code getConnection} …). */
    private static final Pattern LENDS = Pattern.compile("(?i)(borrow|acquire|lend|take|obtain|checkout|poll|get\\w*(connection|client|session|resource|channel|object|instance)).*");
    /** How a pool's give-back method is named ({@code giveBack}, {@code release}, {@code returnObject} …). */
    private static final Pattern GIVES_BACK = Pattern.compile("(?i)(return|release|give|restore|recycle|free|checkin|back|put|offer|close|add).*");

    /**
     * Whether the class is a pool of the application's own (named one, or a commons-pool {@code ObjectPool}) that keeps
     * a list or queue field and both adds to and peeks into a collection (ArchUnit's model, no bytecode read). Lists
     * and token streams that are not pools are left alone.
     */
    static boolean mayBeOne(RunIndex index, JavaClass c) {
        if (!c.getSimpleName().toLowerCase(Locale.ROOT).contains("pool") && !PoolCalls.isPoolType(index, c)) {
            return false;
        }
        if (c.getFields().stream().noneMatch(f -> IDLE_LISTS.contains(f.getRawType().getName().replace('.', '/')))) {
            return false;
        }
        Calls calls = Calls.of(index, c);
        return calls.any(ADDS, call -> call.getTargetOwner().getPackageName().startsWith("java.util"))
                && calls.any(PEEKS, call -> call.getTargetOwner().getPackageName().startsWith("java.util"));
    }

    static void check(RunIndex index, JavaClass c, Consumer<Violation> sink) {
        Bytecode.ClassFlows bytecode = Bytecode.of(index, c).orElse(null);
        if (bytecode == null) {
            return;
        }
        String self = bytecode.node().name;
        Set<String> fields = idleFields(bytecode);
        Set<String> givenBack = new HashSet<>();
        MethodSite.forEach(index, c, (Predicate<MethodNode>) m -> Type.getArgumentTypes(m.desc).length > 0 && GIVES_BACK.matcher(m.name).matches()
                && MethodSite.calling(utilCall(ADDS)).test(m), site -> {
            MethodFlow flow = site.flow();
            for (int call : flow.calls(m -> ADDS.contains(m.name) && m.getOpcode() != Opcodes.INVOKESTATIC)) {
                field(flow, flow.receiver(call), self).filter(fields::contains)
                        .filter(f -> Type.getArgumentTypes(((MethodInsnNode) flow.insn(call)).desc).length == 1 && !flow.argument(call, 0).params().isEmpty())
                        .ifPresent(givenBack::add);
            }
        });
        if (givenBack.isEmpty()) {
            return;
        }
        MethodSite.forEach(index, c, (Predicate<MethodNode>) m -> Type.getReturnType(m.desc).getSort() == Type.OBJECT && LENDS.matcher(m.name).matches()
                && MethodSite.calling(utilCall(PEEKS)).test(m), site -> {
            MethodFlow flow = site.flow();
            for (int i = 0; i < flow.size(); i++) {
                if (flow.insn(i).getOpcode() != Opcodes.ARETURN || !flow.reachable(i)) {
                    continue;
                }
                for (int root : flow.returned(i).roots()) {
                    if (!(flow.insn(root) instanceof MethodInsnNode peek) || !PEEKS.contains(peek.name) || !peek.owner.startsWith("java/util/")) {
                        continue;
                    }
                    Optional<String> field = field(flow, flow.receiver(root), self).filter(givenBack::contains);
                    if (field.isPresent() && !takenOrMarked(flow, root, field.get(), self)) {
                        sink.accept(site.violation(i, Type.getObjectType(self).getClassName() + "." + field.get(), "lends an object it leaves in '"
                                + field.get() + "' (" + peek.name + "() does not take it out): the next borrower gets the same object, two "
                                + "threads share it, and giving it back adds it twice; take it out when lending (poll/remove), or mark it in use"));
                        return;
                    }
                }
            }
        });
    }

    /** The method takes an element out of the field, or changes the element it lends (marks it in use) or hands it on. */
    private static boolean takenOrMarked(MethodFlow flow, int peek, String field, String self) {
        for (int i = 0; i < flow.size(); i++) {
            if (flow.insn(i) instanceof FieldInsnNode put && put.getOpcode() == Opcodes.PUTFIELD && flow.stackValue(i, 1).roots().contains(peek)) {
                return true;
            }
            if (!(flow.insn(i) instanceof MethodInsnNode m) || i == peek) {
                continue;
            }
            if (TAKES.contains(m.name) && m.getOpcode() != Opcodes.INVOKESTATIC && field(flow, flow.receiver(i), self).filter(field::equals).isPresent()) {
                return true;
            }
            boolean onIt = m.getOpcode() != Opcodes.INVOKESTATIC && flow.receiver(i).roots().contains(peek);
            if (onIt && !(m.name.startsWith("get") || m.name.startsWith("is") || m.name.startsWith("has") || List.of("toString", "hashCode", "equals").contains(m.name))) {
                return true;
            }
            for (int a = 0; a < Type.getArgumentTypes(m.desc).length; a++) {
                if (flow.argument(i, a).roots().contains(peek)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The field of this class a value is read from ({@code this.idle}). */
    private static Optional<String> field(MethodFlow flow, MethodFlow.Origin value, String self) {
        if (value.roots().size() != 1) {
            return Optional.empty();
        }
        return flow.insn(value.roots().iterator().next()) instanceof FieldInsnNode f && f.owner.equals(self)
                && (f.getOpcode() == Opcodes.GETFIELD || f.getOpcode() == Opcodes.GETSTATIC) ? Optional.of(f.name) : Optional.empty();
    }

    private static Set<String> idleFields(Bytecode.ClassFlows bytecode) {
        Set<String> fields = new HashSet<>();
        for (FieldNode f : bytecode.node().fields) {
            if (f.desc.startsWith("L") && IDLE_LISTS.contains(Type.getType(f.desc).getInternalName())) {
                fields.add(f.name);
            }
        }
        return fields;
    }

    /** A call of one of these methods of a {@code java.util} collection. */
    private static CallMatcher utilCall(Set<String> names) {
        return call -> names.contains(call.name) && call.owner.startsWith("java/util/");
    }
}
