package dev.archgov.spi.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.archgov.spi.RunIndex;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * Method summaries: what a method of the analysed code does, in a pack's words ("acquires a lock", "releases a lock",
 * "borrows from a pool" …), seen through the application's own helpers and wrappers. A pack names the effects of
 * library calls ({@link Effects}: {@code RLock.tryLock} acquires); a summary is the union of the effects of every
 * reachable call in the method and, for a call into the analysed code, of the callee's summary (static, private,
 * virtual and interface calls; an interface or abstract method stands for every analysed implementation). Summaries
 * compose across classes up to {@link #DEPTH} calls deep, are computed once per run (kept in the run's
 * {@link RunIndex}) and shared by every rule of the pack; a recursive call is followed like any other, down to the
 * depth limit, so a summary is a function of the method and the depth it is asked at.
 *
 * <p>A summary says what may happen on some path, not on every path: it answers "can this call take a lock?", and a
 * rule that needs "on every path" asks the control flow of the caller.
 */
public final class Summaries {
    /** How many calls deep summaries follow the analysed code (a wrapper of a wrapper of a library call is 2). */
    public static final int DEPTH = 4;
    /**
     * A virtual call stands for at most this many analysed implementations (an application's wrapper has a few); a type
     * with more (counting every subclass the import holds) is an extension point, and calls on it are not followed.
     */
    public static final int MAX_IMPLEMENTATIONS = 16;

    /**
     * The effects a pack gives one call instruction into a library (effects are short names, e.g. {@code acquire}).
     * An effect about a parameter of the method being summarised is written {@code name@N}, N the parameter's local
     * variable slot ({@code lease@3}: the lease comes from the parameter in slot 3); across a call it is carried to the
     * caller's parameter that was passed there, and dropped when anything else was (a constant is the caller's
     * business: a rule judges it at that call, see {@link #argumentOf}). An effect about the method's result is written
     * {@code name@return} ({@code lend@return}: returns an object it borrowed); it is carried into a caller that
     * returns the call's result itself, and dropped in one that keeps it.
     */
    public interface Effects {
        /** The effects of call instruction {@code call} of {@code flow}; a pack implements this one or the next. */
        default Set<String> of(MethodFlow flow, int call) {
            return Set.of();
        }

        /** The effects of a call made by a method of {@code from}: a pack that resolves the called type (a subclass of a library type) asks here. */
        default Set<String> of(JavaClass from, MethodFlow flow, int call) {
            return of(flow, call);
        }

        /**
         * Whether the call may have effects of its own (a cheap test on the instruction alone): the method's control
         * flow is analysed only for calls that pass it, and for parameter effects of its callees.
         */
        boolean mayAffect(MethodInsnNode call);

        /** {@link #mayAffect(MethodInsnNode)} for a call made by a method of {@code from}. */
        default boolean mayAffect(JavaClass from, MethodInsnNode call) {
            return mayAffect(call);
        }

        /**
         * Whether a callee's effect is carried into the caller at call {@code call} of {@code flow} (a method of
         * {@code from}): a pack may drop an effect the caller's own code neutralises there (a write behind a check of
         * stored state). Carried by default.
         */
        default boolean keeps(JavaClass from, MethodFlow flow, int call, String effect) {
            return true;
        }

        /**
         * What a callee's parameter effect ({@code ttl@3}) becomes in a caller that passes a value of its own there (a
         * constant, something it computed) rather than one of its parameters: nothing by default (the rule judges
         * that call); a pack may name the outcome ({@code fixed-ttl}), carried further up like any plain effect.
         */
        default Set<String> given(JavaClass from, MethodFlow flow, int call, String effect) {
            return Set.of();
        }
    }

    /** The effects a method's flow gives one of its call instructions. */
    @FunctionalInterface
    public interface FlowEffects {
        Set<String> of(MethodFlow flow, int call);
    }

    /** Effects found in the calling method's flow ({@code effects}), for the calls {@code mayAffect} accepts. */
    public static Effects inFlow(FlowEffects effects, CallMatcher mayAffect) {
        return new Effects() {
            @Override
            public Set<String> of(MethodFlow flow, int call) {
                return effects.of(flow, call);
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return mayAffect.matches(call);
            }
        };
    }

    /** The effects of the library calls {@code direct} names, found on the call instruction alone (no control flow). */
    public static Effects byCall(Function<MethodInsnNode, Set<String>> direct) {
        return new Effects() {
            @Override
            public Set<String> of(MethodFlow flow, int call) {
                return direct.apply((MethodInsnNode) flow.insn(call));
            }

            @Override
            public boolean mayAffect(MethodInsnNode call) {
                return !direct.apply(call).isEmpty();
            }
        };
    }

    /** The suffix of an effect about the method's result ({@code lend@return}). */
    public static final String RESULT = "@return";

    /** The argument index (0-based, as {@link MethodFlow#argument} takes it) of the parameter a {@code name@N} effect names. */
    public static OptionalInt argumentOf(String effect, MethodInsnNode call) {
        int at = effect.lastIndexOf('@');
        if (at < 0 || effect.endsWith(RESULT)) {
            return OptionalInt.empty();
        }
        int slot = Integer.parseInt(effect.substring(at + 1));
        int next = call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1;
        Type[] args = Type.getArgumentTypes(call.desc);
        for (int a = 0; a < args.length; a++) {
            if (next == slot) {
                return OptionalInt.of(a);
            }
            next += args[a].getSize();
        }
        return OptionalInt.empty();
    }

    /** The name of an effect without its parameter ({@code lease@3} is {@code lease}). */
    public static String name(String effect) {
        int at = effect.lastIndexOf('@');
        return at < 0 ? effect : effect.substring(0, at);
    }

    private static final RunIndex.Key<Boolean> SUMMARISED = RunIndex.Key.named("summarised class");
    private static final RunIndex.Key<JavaClass[]> SUCCESSORS = RunIndex.Key.named("summary successors");
    private static final RunIndex.Key<List<JavaClass>> IMPLEMENTATIONS = RunIndex.Key.named("summarised implementations");
    private static final RunIndex.Key<Map<String, Summaries>> CREATED = RunIndex.Key.named("summaries of the run");
    private static final RunIndex.Key<Set<String>> EXTENSION_POINTS = RunIndex.Key.named("extension points of the code base");

    private final RunIndex index;
    private final Effects direct;
    private final Map<String, Set<String>> byMethod = new ConcurrentHashMap<>();
    private final Map<String, Optional<JavaClass>> classes = new ConcurrentHashMap<>();
    /** Per class: whether one of its calls may have effects of its own; per class and distance: whether it reaches such a class. */
    private final Map<JavaClass, Boolean> affecting = new ConcurrentHashMap<>();
    /** Per class, per number of hops: 0 not known yet, 1 reaches, 2 does not. */
    private final Map<JavaClass, byte[]> reaching = new ConcurrentHashMap<>();

    private Summaries(RunIndex index, Effects direct) {
        this.index = index;
        this.direct = direct;
    }

    /**
     * Tells the run the types with more than {@link #MAX_IMPLEMENTATIONS} analysed subclasses in the whole code base
     * (binary names), for a run whose import holds part of it (an incremental run): a call on one of them is followed
     * into none of its subclasses, as in a run that imports them all, however few of them this import holds. Call it on
     * a fresh index, before any rule runs; a run that imports every analysed class need not (the import counts them).
     */
    public static void extensionPoints(RunIndex index, Set<String> typeNames) {
        Set<String> known = index.of(EXTENSION_POINTS, () -> Set.copyOf(typeNames));
        if (!known.equals(typeNames)) {
            throw new IllegalStateException("the run's extension points were given twice, or after a summary was asked");
        }
    }

    /**
     * The summaries of one pack for this run: {@code key} names them (declare it once as a constant), {@code direct}
     * gives the effects of library calls.
     */
    public static Summaries of(RunIndex index, RunIndex.Key<Summaries> key, Effects direct) {
        Summaries summaries = index.of(key, () -> new Summaries(index, direct));
        index.of(CREATED, ConcurrentSkipListMap<String, Summaries>::new).putIfAbsent(key.toString(), summaries);
        return summaries;
    }

    /**
     * For each pack's summaries this run has used (by the name of their key), how near class {@code c} is to an effect
     * of that pack: the fewest classes between it and a call with an effect of its own (0: it makes one; 1: a class it
     * calls does; …), as summaries follow calls ({@link #mayReach}), or -1 when none is within {@link #DEPTH}. A summary
     * asked {@code d} calls below the question has an effect only from a class at most {@code DEPTH - d} away, and a
     * class at -1 is part of no summary, whatever its methods' code does, as long as the calls it makes and its
     * declarations stay the same (an incremental run reads this: {@code IncrementalRun}). Ask after the rules have run.
     */
    public static Map<String, Integer> reachProfile(RunIndex index, JavaClass c) {
        Map<String, Integer> profile = new TreeMap<>();
        created(index).forEach((name, summaries) -> {
            int hops = -1;
            for (int h = 0; h <= DEPTH && hops < 0; h++) {
                hops = summaries.reaches(c, h) ? h : -1;
            }
            profile.put(name, hops);
        });
        return profile;
    }

    /**
     * For each pack's summaries this run has used (by the name of their key), what other classes can see of class
     * {@code c}'s code, as text (one line per method and depth; an incremental run keeps a digest of it): the summary of
     * each of its methods as a question entering the class there finds it, at every depth a question can enter it
     * ({@code 1..DEPTH}), each computed on a walk of its own. A pack is left out when
     * no question enters the class (it reaches no effect within {@code DEPTH - 1} classes). A summary is a function of
     * the method and the depth alone, so a question entering the class finds exactly these: when a change of its method
     * bodies leaves them equal, no other class's summary changes (an incremental run reads this: {@code
     * IncrementalRun}). Ask after the rules have run.
     */
    public static Map<String, String> entries(RunIndex index, JavaClass c) {
        Map<String, String> result = new TreeMap<>();
        created(index).forEach((name, summaries) -> {
            if (!summaries.reaches(c, DEPTH - 1)) {
                return;
            }
            StringBuilder text = new StringBuilder();
            for (MethodNode m : summaries.methods(c)) {
                for (int depth = 1; depth <= DEPTH; depth++) {
                    text.append(m.name).append(m.desc).append('#').append(depth).append('=')
                            .append(summaries.summary(c, m, depth)).append('\n');
                }
            }
            result.put(name, text.toString());
        });
        return result;
    }

    private static Map<String, Summaries> created(RunIndex index) {
        return index.of(CREATED, ConcurrentSkipListMap<String, Summaries>::new);
    }

    /** The methods of a class a summary can be asked of (those with code). */
    private List<MethodNode> methods(JavaClass c) {
        return Bytecode.of(index, c).map(bc -> bc.methods().stream()
                .filter(m -> (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0).toList()).orElse(List.of());
    }

    /**
     * The effects of call instruction {@code call} of {@code site}: the library call's own, or the summary of the
     * analysed method(s) it calls. Empty for anything else.
     */
    public Set<String> ofCall(MethodSite site, int call) {
        return site.flow().insn(call) instanceof MethodInsnNode ? ofCall(site.owner(), site.flow(), call, 0) : Set.of();
    }


    /**
     * The effects of a call into the analysed code, in the terms of the method it calls (no control flow of the
     * caller needed): what a wrapper does, before a rule looks at the arguments it is given.
     */
    public Set<String> ofCallee(JavaClass from, MethodInsnNode call) {
        Set<String> result = new TreeSet<>();
        for (Target t : targets(from, call, 1)) {
            result.addAll(summary(t.owner(), t.method(), 1));
        }
        return result;
    }

    /**
     * {@link #ofCallee} for a call known only by its target (ArchUnit's model of a call, no opcode): a static or
     * {@code super} call runs the method it names, any other also the analysed overriders.
     */
    public Set<String> ofAnyImplementation(JavaClass from, MethodInsnNode call) {
        boolean exact = call.getOpcode() == Opcodes.INVOKESTATIC || call.getOpcode() == Opcodes.INVOKESPECIAL;
        return ofCallee(from, exact ? call : new MethodInsnNode(Opcodes.INVOKEVIRTUAL, call.owner, call.name, call.desc));
    }

    /** Whether call instruction {@code call} of {@code site} has effect {@code effect} (by name, whatever its parameter). */
    public boolean has(MethodSite site, int call, String effect) {
        return ofCall(site, call).stream().anyMatch(e -> name(e).equals(effect));
    }

    /** The effects of call {@code i} of {@code flow} (a method of {@code from}), in the terms of the method it calls. */
    private Set<String> ofCall(JavaClass from, MethodFlow flow, int i, int depth) {
        MethodInsnNode call = (MethodInsnNode) flow.insn(i);
        Set<String> effects = direct.of(from, flow, i);
        if (!effects.isEmpty() || depth >= DEPTH) {
            return effects;
        }
        Set<String> result = new TreeSet<>();
        for (Target t : targets(from, call, depth + 1)) {
            result.addAll(summary(t.owner(), t.method(), depth + 1));
        }
        return result;
    }

    /** A callee's effect carried into the caller: a parameter effect follows the argument to a parameter of the caller. */
    private static Optional<String> lift(String effect, MethodFlow flow, int call) {
        if (effect.indexOf('@') < 0) {
            return Optional.of(effect);
        }
        if (effect.endsWith(RESULT)) {
            return returnsResultOf(flow, call) ? Optional.of(effect) : Optional.empty();
        }
        OptionalInt arg = argumentOf(effect, (MethodInsnNode) flow.insn(call));
        if (arg.isEmpty()) {
            return Optional.empty();
        }
        MethodFlow.Origin origin = flow.argument(call, arg.getAsInt());
        if (origin.unknown() || !origin.roots().isEmpty() || origin.params().size() != 1) {
            return Optional.empty();
        }
        return Optional.of(name(effect) + "@" + origin.params().iterator().next().substring("param:".length()));
    }

    /** Whether the method returns the result of call {@code call} itself (possibly after storing it in a local). */
    public static boolean returnsResultOf(MethodFlow flow, int call) {
        return flow.storesOrReturnsOf(call).stream().anyMatch(i -> flow.insn(i).getOpcode() == Opcodes.ARETURN);
    }

    /**
     * The summary of a method asked {@code depth} calls below the question: a function of the method and the depth
     * alone, kept once computed. A recursive call is followed like any other, one call deeper each time, so a
     * recursion ends at the depth limit and no answer depends on which question the run asked first (a walk that cut
     * the recursion where it closed found less inside a cycle than outside, and what it kept answered the other).
     */
    private Set<String> summary(JavaClass owner, MethodNode method, int depth) {
        if (!reaches(owner, DEPTH - depth)) {
            return Set.of(); // nothing this class calls, within the calls still to follow, can have an effect
        }
        // kept per depth: a summary seen from nearer the question reaches further
        String key = owner.getName() + "." + method.name + method.desc + "#" + depth;
        Set<String> known = byMethod.get(key);
        if (known != null) {
            return known;
        }
        Set<String> result = new TreeSet<>();
        Lazy flow = new Lazy(owner, method);
        AbstractInsnNode[] insns = method.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            if (!(insns[i] instanceof MethodInsnNode call)) {
                continue;
            }
            if (direct.mayAffect(owner, call)) {
                if (flow.get().isPresent() && flow.get().get().reachable(i)) {
                    result.addAll(direct.of(owner, flow.get().get(), i)); // already in this method's terms
                }
            } else if (depth < DEPTH) {
                for (Target t : targets(owner, call, depth + 1)) {
                    for (String e : summary(t.owner(), t.method(), depth + 1)) {
                        Optional<MethodFlow> f = flow.get();
                        if (f.isPresent() && !direct.keeps(owner, f.get(), i, e)) {
                            continue;
                        }
                        if (e.indexOf('@') < 0) {
                            result.add(e);
                        } else if (f.isPresent()) {
                            Optional<String> lifted = lift(e, f.get(), i);
                            if (lifted.isPresent()) {
                                result.add(lifted.get());
                            } else if (!e.endsWith(RESULT)) {
                                result.addAll(direct.given(owner, f.get(), i, e));
                            }
                        }
                    }
                }
            }
        }
        Set<String> summary = Collections.unmodifiableSet(result);
        Set<String> raced = byMethod.putIfAbsent(key, summary);
        return raced == null ? summary : raced;
    }

    /**
     * Whether a class, or one it calls up to {@code hops} classes away (virtual calls standing for the analysed
     * subclasses too), makes a call with effects of its own, judged on ArchUnit's model of the calls (no bytecode
     * analysis): the summaries of a code base's other methods are empty without being computed. Most of a large code
     * base (libraries analysed as classes) never reaches a pack's APIs.
     */
    private boolean reaches(JavaClass c, int hops) {
        if (affecting.computeIfAbsent(c, k -> Calls.of(index, k).instructions().stream().anyMatch(m -> direct.mayAffect(k, m)))) {
            return true;
        }
        if (hops <= 0) {
            return false;
        }
        byte[] known = reaching.computeIfAbsent(c, k -> new byte[DEPTH + 1]);
        int at = Math.min(hops, DEPTH);
        if (known[at] != 0) {
            return known[at] == 1;
        }
        boolean result = false; // hops shrink at every step: the recursion ends without a cycle guard
        for (JavaClass next : successors(c)) {
            if (reaches(next, hops - 1)) {
                result = true;
                break;
            }
        }
        known[at] = (byte) (result ? 1 : 2); // a benign race: every writer writes the same answer
        return result;
    }

    private boolean isSummarised(JavaClass c) {
        return index.of(SUMMARISED, c, Summaries::summarised);
    }

    /**
     * The analysed classes whose code a call of {@code c} may run, one hop away: every summarised type it calls, that
     * type's summarised superclasses (inherited methods) and its analysed implementations (virtual calls); {@code c}
     * itself aside. The same for every pack, so built once per class per run and shared.
     */
    private JavaClass[] successors(JavaClass c) {
        return index.of(SUCCESSORS, c, k -> {
            Set<JavaClass> next = new LinkedHashSet<>();
            for (JavaClass o : Calls.of(index, k).owners()) {
                if (o.equals(k) || !isSummarised(o)) {
                    continue;
                }
                for (JavaClass t = o; t != null && isSummarised(t); t = t.getRawSuperclass().orElse(null)) {
                    next.add(t);
                }
                next.addAll(implementations(o));
            }
            next.remove(k);
            return next.toArray(new JavaClass[0]);
        });
    }

    /**
     * Whether any call of the class can have an effect (its own calls, or through the analysed code they run, as deep
     * as summaries follow): when not, a rule need not ask about each of its calls. Judged on ArchUnit's model of the
     * calls, once per class per run.
     */
    public boolean mayReach(JavaClass c) {
        return reaches(c, DEPTH);
    }

    /** {@link #reaches} for a class or one of the analysed superclasses it inherits methods from. */
    private boolean hierarchyReaches(JavaClass type, int hops) {
        for (JavaClass c = type; c != null && isSummarised(c); c = c.getRawSuperclass().orElse(null)) {
            if (reaches(c, hops)) {
                return true;
            }
        }
        return false;
    }

    private boolean subclassesReach(JavaClass type, int hops) {
        for (JavaClass sub : implementations(type)) {
            if (reaches(sub, hops)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The analysed subclasses a virtual call on the type may run (none past {@link #MAX_IMPLEMENTATIONS}, counted in the
     * import or, for a partial one, as {@link #extensionPoints} says: an extension point).
     */
    private List<JavaClass> implementations(JavaClass type) {
        return index.of(IMPLEMENTATIONS, type, t -> {
            Set<JavaClass> subclasses = t.getAllSubclasses();
            return subclasses.size() > MAX_IMPLEMENTATIONS || index.of(EXTENSION_POINTS, Set::<String>of).contains(t.getName()) ? List.of()
                    : subclasses.stream().filter(this::isSummarised).toList();
        });
    }

    /** A method's control flow, analysed on first need only (most methods never need it). */
    private final class Lazy {
        private final JavaClass owner;
        private final MethodNode method;
        private Optional<MethodFlow> flow;

        Lazy(JavaClass owner, MethodNode method) {
            this.owner = owner;
            this.method = method;
        }

        Optional<MethodFlow> get() {
            if (flow == null) {
                flow = Bytecode.of(index, owner).flatMap(bc -> bc.flow(method));
            }
            return flow;
        }
    }

    /** One analysed method a call may run. */
    private record Target(JavaClass owner, MethodNode method) {
    }

    /**
     * The analysed methods a call may run: the method the call names (or the one it inherits) in an analysed class,
     * and for a virtual or interface call the overriding methods of every analysed subtype.
     */
    private List<Target> targets(JavaClass from, MethodInsnNode call, int depth) {
        Optional<JavaClass> named = classNamed(from, call.owner);
        if (named.isEmpty()) {
            return List.of();
        }
        boolean virtual = call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE;
        if (!hierarchyReaches(named.get(), DEPTH - depth) && !(virtual && subclassesReach(named.get(), DEPTH - depth))) {
            return List.of(); // no bytecode read for a callee whose summary is empty anyway
        }
        List<Target> result = new ArrayList<>();
        JavaClass declared = named.get();
        for (JavaClass c = declared; c != null && isSummarised(c); c = c.getRawSuperclass().orElse(null)) {
            Optional<MethodNode> m = method(c, call.name, call.desc);
            if (m.isPresent()) {
                result.add(new Target(c, m.get()));
                break;
            }
        }
        if (virtual) { // a framework's extension point (many implementations) is not an application's wrapper
            for (JavaClass sub : implementations(declared)) {
                method(sub, call.name, call.desc).ifPresent(m -> result.add(new Target(sub, m)));
            }
        }
        return result;
    }

    private Optional<MethodNode> method(JavaClass c, String name, String desc) {
        return Bytecode.of(index, c).flatMap(bc -> bc.method(name, desc))
                .filter(m -> (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0);
    }

    /** The class an instruction names, as ArchUnit imported it with the calling class (a stub has no bytecode). */
    private Optional<JavaClass> classNamed(JavaClass from, String internalName) {
        String name = internalName.replace('/', '.');
        if (from.getName().equals(name)) {
            return Optional.of(from);
        }
        Optional<JavaClass> known = classes.get(name);
        if (known != null) {
            return known;
        }
        Optional<JavaClass> found = find(from, name);
        found.ifPresent(c -> classes.put(name, found)); // not found from here: maybe from another class
        return found;
    }

    private Optional<JavaClass> find(JavaClass from, String name) {
        return Calls.of(index, from).owner(name).filter(this::isSummarised);
    }

    /**
     * Whether a class's code is summarised: code ArchUnit read from a class file or jar, but not the JDK's (its
     * collections and concurrency classes lock internally, and a call to {@code Set.equals} is not the application
     * taking a lock).
     */
    private static boolean summarised(JavaClass c) {
        String name = c.getName();
        return c.getSource().filter(source -> !"jrt".equals(source.getUri().getScheme())).isPresent()
                && !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jdk.") && !name.startsWith("sun.")
                && !name.startsWith("com.sun.");
    }
}
