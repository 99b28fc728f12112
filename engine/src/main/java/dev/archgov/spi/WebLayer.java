package dev.archgov.spi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

import java.util.List;

/**
 * The web layer as every pack defines it by default: classes annotated (or meta-annotated) as Spring MVC
 * controllers or JAX-RS resources, by name, so it holds without the target's jars.
 */
public final class WebLayer {
    /** The annotations that make a class part of the web layer. */
    public static final List<String> ANNOTATIONS = List.of("org.springframework.stereotype.Controller",
            "org.springframework.web.bind.annotation.RestController", "jakarta.ws.rs.Path", "javax.ws.rs.Path");

    private WebLayer() {
    }

    /** Whether the class is in the web layer. */
    public static boolean contains(JavaClass c) {
        if (c.getAnnotations().isEmpty()) { // most classes: no walk through meta-annotations
            return false;
        }
        return ANNOTATIONS.stream().anyMatch(a -> c.isAnnotatedWith(a) || c.isMetaAnnotatedWith(a));
    }

    /** The web layer as a predicate, described as "web classes". */
    public static DescribedPredicate<JavaClass> classes() {
        return DescribedPredicate.describe("web classes", WebLayer::contains);
    }
}
