package dev.archgov.rules.pool;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import dev.archgov.spi.RunIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pooled-object factories of the analysed code and what they pool. */
final class Factories {
    private Factories() {
    }

    /** A concrete factory class declared in the analysed code (not the library's own base classes). */
    static boolean isProjectFactory(RunIndex index, JavaClass c) {
        return !c.isInterface() && !c.getModifiers().contains(JavaModifier.ABSTRACT)
                && !c.getPackageName().startsWith("org.apache.commons.pool") && PoolAnalysis.isFactory(index, c);
    }

    /** The pooled type from {@code extends BasePooledObjectFactory<T>} or {@code implements PooledObjectFactory<T>}. */
    static Optional<JavaClass> pooledType(JavaClass factory) {
        List<JavaType> supertypes = new ArrayList<>();
        for (JavaClass c = factory; c != null; c = c.getRawSuperclass().orElse(null)) {
            c.getSuperclass().ifPresent(supertypes::add);
            supertypes.addAll(c.getInterfaces());
        }
        for (JavaType t : supertypes) {
            if (PoolApis.FACTORY_TYPES.contains(t.toErasure().getName())) {
                return PoolAnalysis.pooledType(t).filter(a -> !PoolAnalysis.isWildcardOrObject(a)).map(JavaType::toErasure);
            }
        }
        // through the application's own factory interface (ConnectionFactory<T> extends PooledObjectFactory<T>): what makeObject() wraps
        return factory.getMethods().stream().filter(m -> m.getName().equals("makeObject") && m.getRawParameterTypes().isEmpty()
                        && !m.getModifiers().contains(JavaModifier.BRIDGE))
                .flatMap(m -> PoolAnalysis.pooledType(m.getReturnType()).stream())
                .filter(a -> !PoolAnalysis.isWildcardOrObject(a) && !(a instanceof JavaTypeVariable<?>)).map(JavaType::toErasure).findFirst();
    }

    /** A method of the factory (declared in the analysed code, not inherited from the library's base class). */
    static Optional<JavaMethod> declared(JavaClass factory, String name) {
        for (JavaClass c = factory; c != null && !c.getPackageName().startsWith("org.apache.commons.pool"); c = c.getRawSuperclass().orElse(null)) {
            Optional<JavaMethod> m = c.getMethods().stream().filter(x -> x.getName().equals(name) && !x.getModifiers()
                    .contains(JavaModifier.BRIDGE)).findFirst();
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    static boolean immutable(JavaClass t) {
        return t.isPrimitive() || t.isEnum() || t.getName().equals("java.lang.String") || t.getName().startsWith("java.lang.")
                && List.of("Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float").contains(t.getSimpleName())
                || t.getName().startsWith("java.time.");
    }
}
