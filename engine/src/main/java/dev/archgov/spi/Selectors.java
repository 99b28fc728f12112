package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
        addAnyOf(all, selector.annotatedWith(), a -> metaAnnotatedWith(a).<JavaClass>forSubtype().as("annotated with @" + simple(a)));
        addAnyOf(all, selector.assignableTo(), t -> assignableTo(t).as("assignable to " + t));
        selector.nameMatching().ifPresent(r -> {
            Pattern regex = Pattern.compile(r);
            all.add(DescribedPredicate.<JavaClass>describe("named like /" + r + "/", c -> BoundedRegex.matches(regex, c.getName())));
        });
        if (all.isEmpty()) {
            return DescribedPredicate.<JavaClass>alwaysTrue().as("all classes");
        }
        DescribedPredicate<JavaClass> result = all.get(0);
        for (int i = 1; i < all.size(); i++) {
            result = result.and(all.get(i));
        }
        return result;
    }

    public static DescribedPredicate<JavaClass> layer(Layer layer) {
        return Packages.resideInAny(layer.packages()).as("layer '" + layer.name() + "'");
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
