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
import dev.archgov.spi.flow.Calls;
import dev.archgov.spi.flow.FlowCondition;
import dev.archgov.spi.flow.MethodFlow;
import dev.archgov.spi.flow.MethodSite;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-02: a generic object pool of resources (connections, statements, result sets, sockets, channels, anything
 * {@code Closeable}) must validate them and destroy them: a dead connection lent out again, or one dropped without
 * closing, is a failure or a leak. Dedicated resource pools (HikariCP …) do this for you. A factory must not make
 * {@code null} or an unconnected client, and a factory's {@code validateObject} only runs when the pool tests.
 */
@Kind(name = "pool-resource-handling", locality = Locality.CLASS, title = "Resources in a generic pool are validated and destroyed", category = "pool", severity = Severity.MAJOR)
public final class PoolResourceHandlingRule extends BaseRule {

    /** Generic pools whose configuration decides whether the factory's validateObject runs (off by default). */
    private static final Set<String> TESTING_POOLS = Set.of("org/apache/commons/pool2/impl/GenericObjectPool",
            "org/apache/commons/pool2/impl/GenericKeyedObjectPool", "org/apache/commons/pool/impl/GenericObjectPool",
            "org/apache/commons/pool/impl/GenericKeyedObjectPool");
    private static final List<String> TESTING_POOL_NAMES = TESTING_POOLS.stream().map(n -> n.replace('/', '.')).toList();
    private static final Set<String> CONFIGS = Set.of("org/apache/commons/pool2/impl/GenericObjectPoolConfig",
            "org/apache/commons/pool2/impl/GenericKeyedObjectPoolConfig", "org/apache/commons/pool/impl/GenericObjectPool$Config",
            "org/apache/commons/pool/impl/GenericKeyedObjectPool$Config");
    private static final Set<String> TEST_SETTERS = Set.of("setTestOnBorrow", "setTestOnReturn", "setTestWhileIdle", "setTestOnCreate");
    /** What makes a client usable after {@code new}: it is connected, logged in or opened. */
    private static final List<String> CONNECTS = List.of("connect", "login", "open", "start", "init", "bind", "auth");
    /** Client types that {@code new} leaves unconnected (their own {@code connect} opens the connection). */
    private static final Set<String> NEEDS_CONNECT = Set.of("java/net/Socket", "org/apache/commons/net/ftp/FTPClient",
            "org/apache/commons/net/ftp/FTPSClient", "org/apache/commons/net/telnet/TelnetClient", "org/apache/commons/net/smtp/SMTPClient",
            "org/apache/commons/net/pop3/POP3Client", "org/apache/commons/net/imap/IMAPClient");

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(scope(context)).should(new FlowCondition("validate and destroy pooled resources", context.index(), (index, c, sink) -> {
            if (Factories.isProjectFactory(index, c)) {
                Factories.pooledType(c).filter(t -> PoolAnalysis.isResource(index, t)).ifPresent(resource -> unhandled(c, resource, sink));
                MethodSite.forEach(index, c, (Predicate<MethodNode>) m -> (m.name.equals("create") || m.name.equals("makeObject"))
                        && (m.access & Opcodes.ACC_BRIDGE) == 0, site -> madeBroken(site, sink));
            }
            MethodSite.forEach(index, c, MethodSite.calling(m -> m.name.equals("<init>") && TESTING_POOLS.contains(m.owner)),
                    site -> validationOff(index, site, sink));
        }));
    }

    private static void unhandled(JavaClass c, JavaClass resource, Consumer<Violation> sink) {
        List<String> missing = new ArrayList<>();
        for (String method : List.of("validateObject", "destroyObject")) {
            if (Factories.declared(c, method).isEmpty()) {
                missing.add(method);
            }
        }
        if (!missing.isEmpty()) {
            sink.accept(new Violation(c.getName(), resource.getName(), c, 0, "pools " + resource.getSimpleName()
                    + " (a resource) without " + String.join(" or ", missing) + ": dead ones are lent out again or dropped unclosed; "
                    + "implement them, or use a dedicated pool (HikariCP for JDBC)"));
        }
    }

    /** {@code create()} returns {@code null} (often from a catch block), or a client it never connected. */
    private static void madeBroken(MethodSite site, Consumer<Violation> sink) {
        MethodFlow flow = site.flow();
        for (int i = 0; i < flow.size(); i++) {
            if (flow.insn(i).getOpcode() != Opcodes.ARETURN || !flow.reachable(i)) {
                continue;
            }
            MethodFlow.Origin made = flow.returned(i);
            if (made.roots().stream().anyMatch(flow::isNullConstant)) {
                sink.accept(site.violation(i, "null", site.method().name + "() returns null: the pool lends null (or fails on borrow "
                        + "with the cause lost); throw the exception so the pool reports it"));
                return;
            }
            for (int root : made.roots()) {
                if (flow.insn(root) instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW && NEEDS_CONNECT.contains(t.desc)
                        && neverConnected(flow, root)) {
                    String type = Type.getObjectType(t.desc).getClassName();
                    sink.accept(site.violation(i, type, site.method().name + "() returns a new " + type.replaceAll(".*\\.", "")
                            + " it never connected: every borrower gets a client with no connection; connect (and log in) here, "
                            + "and throw when it fails"));
                    return;
                }
            }
        }
    }

    /**
     * Built with the no-argument constructor (the others connect), with no connect/login/open call on it, and handed
     * to no other method (that might connect it).
     */
    private static boolean neverConnected(MethodFlow flow, int created) {
        for (int call : flow.calls(m -> true)) {
            MethodInsnNode m = (MethodInsnNode) flow.insn(call);
            if (m.name.equals("<init>")) {
                if (flow.receiver(call).roots().contains(created) && !m.desc.equals("()V")) {
                    return false;
                }
                continue;
            }
            if (m.getOpcode() != Opcodes.INVOKESTATIC && flow.receiver(call).roots().contains(created)
                    && CONNECTS.stream().anyMatch(m.name::startsWith)) {
                return false;
            }
            for (int a = 0; a < Type.getArgumentTypes(m.desc).length; a++) {
                if (flow.argument(call, a).roots().contains(created)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code new GenericObjectPool(factory[, config])} over a factory that implements {@code validateObject}, with the
     * default configuration or a configuration built here that never turns a test on: the pool never calls it. A
     * configuration from elsewhere (a field, a bean, bound properties) cannot be read and is not reported.
     */
    private static void validationOff(RunIndex index, MethodSite site, Consumer<Violation> sink) {
        MethodFlow flow = site.flow();
        if (Calls.of(index, site.owner()).instructions().stream().anyMatch(m -> TEST_SETTERS.contains(m.name))
                && flow.calls(m -> TEST_SETTERS.contains(m.name)).isEmpty()) {
            return; // a test turned on in another method of the class (on a field-held pool or configuration): not decidable here
        }
        for (int call : flow.calls(m -> m.name.equals("<init>") && TESTING_POOLS.contains(m.owner))) {
            Type[] args = Type.getArgumentTypes(((MethodInsnNode) flow.insn(call)).desc);
            if (args.length == 0 || !flow.reachable(call)) {
                continue;
            }
            Optional<JavaClass> factory = factoryClass(index, site.owner(), flow, call);
            if (factory.isEmpty() || Factories.declared(factory.get(), "validateObject").isEmpty()) {
                continue;
            }
            boolean defaults = args.length == 1;
            if (!defaults) {
                MethodFlow.Origin config = flow.argument(call, 1);
                if (config.unknown() || !config.params().isEmpty() || config.roots().size() != 1
                        || !(flow.insn(config.roots().iterator().next()) instanceof TypeInsnNode t && CONFIGS.contains(t.desc))
                        || configured(flow, config.roots().iterator().next(), call)) {
                    continue;
                }
            }
            if (testsTurnedOn(flow)) {
                continue;
            }
            sink.accept(site.violation(call, factory.get().getName(), factory.get().getSimpleName() + " implements validateObject, but this "
                    + Type.getObjectType(((MethodInsnNode) flow.insn(call)).owner).getClassName().replaceAll(".*\\.", "")
                    + (defaults ? " has the default configuration" : "'s configuration never turns a test on")
                    + " (testOnBorrow, testOnReturn, testWhileIdle all false): it is never called and dead objects are lent; "
                    + "setTestOnBorrow(true) or setTestWhileIdle(true)"));
        }
    }

    /** The factory argument's class, when bytecode shows it: {@code new F(…)}, or a field or parameter declared as a project factory. */
    private static Optional<JavaClass> factoryClass(RunIndex index, JavaClass from, MethodFlow flow, int call) {
        MethodFlow.Origin f = flow.argument(call, 0);
        if (f.roots().size() != 1 || !f.params().isEmpty()) {
            return Optional.empty();
        }
        var insn = flow.insn(f.roots().iterator().next());
        String desc = insn instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW ? t.desc
                : insn instanceof FieldInsnNode field && field.desc.startsWith("L") ? Type.getType(field.desc).getInternalName() : null;
        if (desc == null) {
            return Optional.empty();
        }
        String name = Type.getObjectType(desc).getClassName();
        return from.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass()).filter(t -> t.getName().equals(name))
                .findFirst().filter(c -> Factories.isProjectFactory(index, c));
    }

    /** A test setter on the configuration, or the configuration handed to another method (that may set one). */
    private static boolean configured(MethodFlow flow, int config, int poolInit) {
        for (int call : flow.calls(m -> true)) {
            MethodInsnNode m = (MethodInsnNode) flow.insn(call);
            if (call == poolInit || m.name.equals("<init>") && flow.receiver(call).roots().contains(config)) {
                continue;
            }
            if (m.getOpcode() != Opcodes.INVOKESTATIC && flow.receiver(call).roots().contains(config) && TEST_SETTERS.contains(m.name)
                    && !flow.constantArgument(call, 0).equals(Optional.of(0))) {
                return true;
            }
            for (int a = 0; a < Type.getArgumentTypes(m.desc).length; a++) {
                if (flow.argument(call, a).roots().contains(config)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A test turned on in this method on a pool (the new one directly, or once stored in a field: the receiver is not
     * followed through the field, so a setter on anything but a configuration built here counts).
     */
    private static boolean testsTurnedOn(MethodFlow flow) {
        return flow.calls(m -> TEST_SETTERS.contains(m.name)).stream().anyMatch(c -> !flow.constantArgument(c, 0).equals(Optional.of(0))
                && flow.receiver(c).roots().stream().noneMatch(r -> flow.insn(r) instanceof TypeInsnNode t && CONFIGS.contains(t.desc)));
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        RunIndex index = context.index();
        return DescribedPredicate.describe("pool factories or build generic pools", c -> Factories.isProjectFactory(index, c)
                || Calls.of(index, c).constructsAny(TESTING_POOL_NAMES));
    }
}
