package dev.archgov.rules.generic;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Globs;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.Param;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;

/**
 * Member-level rules, as ArchUnit's {@code fields()}, {@code methods()}, {@code constructors()}: select members by their
 * owner, kind, name, annotation and modifiers; require or forbid modifiers and annotations, forbid declared
 * exceptions, and forbid calls or accesses to them from classes a selector picks. Each member that breaks a condition
 * is a finding at its declaration; each forbidden call at its line.
 */
@Kind(name = "members", locality = Locality.CLASS, title = "Fields, methods and constructors follow the conventions", category = "coding", severity = Severity.MINOR,
        params = {@Param(name = "classes", type = ParamType.SELECTOR_LIST, description = "the classes whose members are checked (default: all)"),
                  @Param(name = "members", description = "which members: fields, methods, constructors, or all (default)",
                        allowed = {"fields", "methods", "constructors", "all"}),
                  @Param(name = "named", type = ParamType.STRING_LIST, description = "only members whose name matches one of these globs (e.g. get*)"),
                  @Param(name = "annotated", type = ParamType.STRING_LIST,
                        description = "only members annotated with one of these annotation types (meta-annotations count)"),
                  @Param(name = "withModifiers", type = ParamType.STRING_LIST,
                        description = "only members with all of these modifiers (public, protected, private, static, final, abstract, synchronized, transient, volatile)"),
                  @Param(name = "ofType", type = ParamType.STRING_LIST,
                        description = "only fields of, and methods returning, a type whose fully qualified name matches one of these globs"),
                  @Param(name = "throwing", type = ParamType.STRING_LIST,
                        description = "only methods and constructors that declare a throws of one of these types (subtypes included)"),
                  @Param(name = "mustBe", type = ParamType.STRING_LIST, description = "modifiers each selected member must have"),
                  @Param(name = "mustReturn", type = ParamType.STRING_LIST,
                        description = "each selected method must return a type whose fully qualified name matches one of these globs"),
                  @Param(name = "mustNotBe", type = ParamType.STRING_LIST, description = "modifiers no selected member may have"),
                  @Param(name = "mustBeAnnotatedWith", type = ParamType.STRING_LIST, description = "annotations each selected member must carry"),
                  @Param(name = "mustNotBeAnnotatedWith", type = ParamType.STRING_LIST, description = "annotations no selected member may carry"),
                  @Param(name = "mustNotThrow", type = ParamType.STRING_LIST,
                        description = "exception types (or their subtypes) no selected method or constructor may declare"),
                  @Param(name = "mustNotBeUsedBy", type = ParamType.SELECTOR_LIST,
                        description = "classes that may not call or access the selected members (each call at its line)")})
public final class MembersRule extends BaseRule {
    private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "static", "final", "abstract", "synchronized",
            "transient", "volatile");

    @Override
    public ArchRule compile(RuleContext ctx) {
        var p = ctx.params();
        List<String> mustBe = modifiers(ctx, "mustBe");
        List<String> mustNotBe = modifiers(ctx, "mustNotBe");
        List<String> with = modifiers(ctx, "withModifiers");
        List<ClassSelector> users = p.selectorList("mustNotBeUsedBy");
        if (mustBe.isEmpty() && mustNotBe.isEmpty() && p.strings("mustBeAnnotatedWith").isEmpty() && p.strings("mustNotBeAnnotatedWith").isEmpty()
                && p.strings("mustNotThrow").isEmpty() && users.isEmpty() && p.strings("mustReturn").isEmpty()) {
            throw ctx.problem("members", "give a condition: mustBe, mustNotBe, mustBeAnnotatedWith, mustNotBeAnnotatedWith, mustNotThrow, "
                    + "mustReturn or mustNotBeUsedBy");
        }
        List<Globs.Glob> ofType = p.strings("ofType").stream().map(Globs::compile).toList();
        List<String> throwing = p.strings("throwing");
        List<Globs.Glob> mustReturn = p.strings("mustReturn").stream().map(Globs::compile).toList();
        DescribedPredicate<JavaClass> owners = scope(ctx);
        String which = p.string("members").orElse("all");
        List<Globs.Glob> named = p.strings("named").stream().map(Globs::compile).toList();
        List<String> annotated = p.strings("annotated");
        DescribedPredicate<JavaMember> selected = DescribedPredicate.describe(which.equals("all") ? "members" : which, m ->
                owners.test(m.getOwner()) && kind(m, which) && !m.getName().startsWith("lambda$") && !m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        && (named.isEmpty() || named.stream().anyMatch(g -> g.matches(m.getName())))
                        && (annotated.isEmpty() || annotated.stream().anyMatch(m::isMetaAnnotatedWith))
                        && with.stream().allMatch(mod -> m.getModifiers().contains(modifier(mod)))
                        && (ofType.isEmpty() || typeOf(m).filter(t -> ofType.stream().anyMatch(g -> g.matches(t))).isPresent())
                        && (throwing.isEmpty() || m instanceof JavaCodeUnit unit && unit.getThrowsClause().getTypes().stream()
                                .anyMatch(d -> throwing.stream().anyMatch(t -> d.toErasure().isAssignableTo(t)))));
        DescribedPredicate<JavaClass> forbiddenUsers = users.isEmpty() ? null : ForbiddenDependencyRule.anyOf(ctx, users);
        return members().that(selected).should(new ArchCondition<>("follow the member conventions") {
            @Override
            public void check(JavaMember m, ConditionEvents events) {
                List<String> broken = new ArrayList<>();
                mustBe.stream().filter(mod -> !m.getModifiers().contains(modifier(mod))).forEach(mod -> broken.add("is not " + mod));
                mustNotBe.stream().filter(mod -> m.getModifiers().contains(modifier(mod))).forEach(mod -> broken.add("is " + mod));
                p.strings("mustBeAnnotatedWith").stream().filter(a -> !m.isMetaAnnotatedWith(a)).forEach(a -> broken.add("is not annotated with @" + simple(a)));
                p.strings("mustNotBeAnnotatedWith").stream().filter(m::isMetaAnnotatedWith).forEach(a -> broken.add("is annotated with @" + simple(a)));
                if (!mustReturn.isEmpty() && m instanceof JavaMethod method && mustReturn.stream().noneMatch(g -> g.matches(method.getRawReturnType().getName()))) {
                    broken.add("returns " + method.getRawReturnType().getName() + ", not " + String.join(" or ", p.strings("mustReturn")));
                }
                if (m instanceof JavaCodeUnit unit) {
                    for (String t : p.strings("mustNotThrow")) {
                        unit.getThrowsClause().getTypes().stream().filter(d -> d.toErasure().isAssignableTo(t))
                                .forEach(d -> broken.add("declares throws " + d.toErasure().getSimpleName()));
                    }
                }
                if (!broken.isEmpty()) {
                    events.add(SimpleConditionEvent.violated(m, m.getFullName() + " " + String.join(", ", broken)));
                }
                if (forbiddenUsers != null) {
                    for (JavaAccess<?> access : accessesTo(m)) {
                        if (forbiddenUsers.test(access.getOriginOwner()) && !access.getOriginOwner().equals(m.getOwner())) {
                            events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                        }
                    }
                }
            }
        });
    }

    /** A field's raw type, a method's raw return type (a constructor has none). */
    private static Optional<String> typeOf(JavaMember m) {
        if (m instanceof JavaField f) {
            return Optional.of(f.getRawType().getName());
        }
        return m instanceof JavaMethod method ? Optional.of(method.getRawReturnType().getName()) : Optional.empty();
    }

    private static List<JavaAccess<?>> accessesTo(JavaMember m) {
        return new ArrayList<>(m instanceof JavaField f ? f.getAccessesToSelf() : ((JavaCodeUnit) m).getAccessesToSelf());
    }

    private static boolean kind(JavaMember m, String which) {
        return switch (which) {
            case "fields" -> m instanceof JavaField;
            case "methods" -> m instanceof JavaMethod;
            case "constructors" -> m instanceof JavaConstructor;
            default -> !(m instanceof JavaCodeUnit u) || !u.getName().equals("<clinit>");
        };
    }

    private static List<String> modifiers(RuleContext ctx, String param) {
        List<String> values = ctx.params().strings(param);
        for (String v : values) {
            if (!MODIFIERS.contains(v)) {
                throw ctx.problem(param, "'" + v + "' is not a modifier: " + String.join(", ", MODIFIERS.stream().sorted().toList()));
            }
        }
        return values;
    }

    private static JavaModifier modifier(String name) {
        return JavaModifier.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** {@code mustNotBeUsedBy} looks at the members' users: graph-wide. */
    @Override
    public Locality locality(RuleContext ctx) {
        return ctx.params().selectorList("mustNotBeUsedBy").isEmpty() ? Locality.CLASS : Locality.GRAPH;
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext ctx) {
        return ctx.classesOr("classes", DescribedPredicate.<JavaClass>alwaysTrue().as("all classes"));
    }
}
