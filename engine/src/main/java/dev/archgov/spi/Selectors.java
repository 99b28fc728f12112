package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.metaAnnotatedWith;

/** Turns a {@link ClassSelector} into an ArchUnit predicate. Layer names must exist (the loader checks). */
public final class Selectors {
    private Selectors() {
    }

    public static DescribedPredicate<JavaClass> compile(ClassSelector selector, Map<String, Layer> layers) {
        List<DescribedPredicate<JavaClass>> all = new ArrayList<>();
        addAnyOf(all, selector.layers(), name -> layer(layers.get(name)));
        addAnyOf(all, selector.packages(), p -> Packages.resideInAny(List.of(p)).as("reside in '" + p + "'"));
        addAnyOf(all, selector.classes(), g -> {
            Globs.Glob glob = Globs.compile(g);
            return DescribedPredicate.<JavaClass>describe("named '" + g + "'", c -> glob.matches(c.getName()));
        });
        addAnyOf(all, selector.annotatedWith(), a -> a.indexOf('.') < 0 ? annotatedWithSimpleName(a)
                : metaAnnotatedWith(a).<JavaClass>forSubtype().as("annotated with @" + simple(a)));
        addAnyOf(all, selector.assignableTo(), t -> assignableTo(t).as("assignable to " + t));
        selector.nameMatching().ifPresent(r -> {
            Pattern regex = Pattern.compile(r);
            all.add(DescribedPredicate.<JavaClass>describe("named like /" + r + "/", c -> BoundedRegex.matches(regex, c.getName())));
        });
        addAnyOf(all, selector.kinds(), Selectors::kind);
        if (!selector.dependsOn().isEmpty()) {
            List<Globs.Glob> targets = selector.dependsOn().stream().map(Globs::compile).toList();
            all.add(DescribedPredicate.describe("depend on " + String.join(", ", selector.dependsOn()), c -> c.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> targets.stream().anyMatch(g -> g.matches(d.getTargetClass().getName())))));
        }
        if (!selector.anyOf().isEmpty()) {
            List<DescribedPredicate<JavaClass>> any = selector.anyOf().stream().map(s -> compile(s, layers)).toList();
            all.add(DescribedPredicate.describe("any of (" + describe(any) + ")", c -> any.stream().anyMatch(p -> p.test(c))));
        }
        for (ClassSelector s : selector.allOf()) {
            all.add(compile(s, layers));
        }
        selector.not().ifPresent(s -> all.add(DescribedPredicate.not(compile(s, layers))));
        if (all.isEmpty()) {
            return DescribedPredicate.<JavaClass>alwaysTrue().as("all classes");
        }
        DescribedPredicate<JavaClass> result = all.get(0);
        for (int i = 1; i < all.size(); i++) {
            result = result.and(all.get(i));
        }
        return result;
    }

    /** A type kind of a selector's {@code kind}: class, interface, enum, record, annotation, abstract. */
    private static DescribedPredicate<JavaClass> kind(String kind) {
        return switch (kind) {
            case "interface" -> DescribedPredicate.describe("interfaces", c -> c.isInterface() && !c.isAnnotation());
            case "enum" -> DescribedPredicate.describe("enums", JavaClass::isEnum);
            case "record" -> DescribedPredicate.describe("records", JavaClass::isRecord);
            case "annotation" -> DescribedPredicate.describe("annotation types", JavaClass::isAnnotation);
            case "abstract" -> DescribedPredicate.describe("abstract classes", c -> !c.isInterface()
                    && c.getModifiers().contains(JavaModifier.ABSTRACT));
            default -> DescribedPredicate.describe("classes", c -> !c.isInterface() && !c.isEnum() && !c.isRecord() && !c.isAnnotation());
        };
    }

    /**
     * Annotated with an annotation whose simple name is {@code name} (meta-annotations count): the name a team writes
     * when it thinks of {@code @Controller}; one that names two annotation types is reported by the run.
     */
    private static DescribedPredicate<JavaClass> annotatedWithSimpleName(String name) {
        DescribedPredicate<JavaAnnotation<?>> named = DescribedPredicate.describe("@" + name, a -> a.getRawType().getSimpleName().equals(name));
        return DescribedPredicate.describe("annotated with @" + name, c -> c.getAnnotations().stream()
                .anyMatch(a -> named.test(a) || a.getRawType().isMetaAnnotatedWith(named)));
    }

    private static String describe(List<DescribedPredicate<JavaClass>> predicates) {
        return String.join(" or ", predicates.stream().map(DescribedPredicate::getDescription).toList());
    }

    public static DescribedPredicate<JavaClass> layer(Layer layer) {
        DescribedPredicate<JavaClass> members = Packages.resideInAny(layer.packages());
        for (String a : layer.annotatedWith()) {
            DescribedPredicate<JavaClass> annotated = a.indexOf('.') < 0 ? annotatedWithSimpleName(a) : metaAnnotatedWith(a).forSubtype();
            members = members.or(annotated);
        }
        return members.as("layer '" + layer.name() + "'");
    }

    private static void addAnyOf(List<DescribedPredicate<JavaClass>> all, List<String> values,
                                 Function<String, DescribedPredicate<JavaClass>> toPredicate) {
        if (values.isEmpty()) {
            return;
        }
        DescribedPredicate<JavaClass> any = toPredicate.apply(values.get(0));
        for (int i = 1; i < values.size(); i++) {
            any = any.or(toPredicate.apply(values.get(i)));
        }
        all.add(any);
    }

    private static String simple(String typeName) {
        return typeName.substring(typeName.lastIndexOf('.') + 1);
    }
}
