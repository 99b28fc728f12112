package dev.archgov.rules.pool;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.Kind;
import dev.archgov.spi.Locality;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.Violation;
import dev.archgov.spi.flow.FlowCondition;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * POOL-06: pools are layered by type, size class and lifetime. A pool of {@code Object} (or raw, or {@code ?}) mixes
 * unrelated objects; one non-keyed pool of growable buffers ({@code byte[]}, {@code ByteBuffer}, {@code StringBuilder},
 * {@code ByteArrayOutputStream}, {@code ByteBuf}) keeps every buffer at the largest size it ever grew to.
 */
@Kind(name = "pool-layered", locality = Locality.SUBTYPES, title = "Pools are layered by type, size class and lifetime", category = "pool", severity = Severity.MAJOR)
public final class PoolLayeredRule extends BaseRule {

    @Override
    public ArchRule compile(RuleContext context) {
        return classes().that(holdsPools()).should(new FlowCondition("layer pools", context.index(), (index, c, sink) -> {
            for (JavaField field : c.getFields()) {
                String raw = field.getRawType().getName().replace('.', '/');
                if (!PoolApis.POOL_TYPES.contains(raw)) {
                    continue;
                }
                Optional<JavaType> pooled = PoolAnalysis.pooledType(field.getType());
                if (pooled.isPresent() && pooled.get() instanceof JavaTypeVariable<?> variable) {
                    pooled = boundBySubclasses(c, variable); // a generic base pool: its subclasses say what it pools
                    if (pooled.isEmpty()) {
                        continue; // bound by no analysed subclass (or by several types): undecidable here
                    }
                }
                if (pooled.isEmpty() || PoolAnalysis.isWildcardOrObject(pooled.get())) {
                    sink.accept(new Violation(field.getFullName(), field.getRawType().getName(), c, 0, "pool of "
                            + pooled.map(JavaType::getName).orElse("a raw type") + ": unrelated objects share one pool and one size; "
                            + "give each pooled type its own pool"));
                } else if (!PoolApis.KEYED.contains(raw) && PoolAnalysis.isBuffer(context.index(), pooled.get().toErasure())) {
                    sink.accept(new Violation(field.getFullName(), field.getRawType().getName(), c, 0, "one pool for "
                            + pooled.get().toErasure().getSimpleName() + " buffers of every size: each keeps the largest size it grew to; "
                            + "pool by size class (a GenericKeyedObjectPool keyed by size class)"));
                }
            }
        }));
    }

    /**
     * The one type the analysed subclasses of a generic class bind its type variable to ({@code EsConnectionPool
     * extends PoolBase<RestHighLevelClient>}); empty when none binds it, or they bind different types.
     */
    private static Optional<JavaType> boundBySubclasses(JavaClass generic, JavaTypeVariable<?> variable) {
        int position = generic.getTypeParameters().indexOf(variable);
        Set<String> bound = new HashSet<>();
        JavaType binding = null;
        for (JavaClass sub : generic.getAllSubclasses()) {
            Optional<JavaType> superType = sub.getSuperclass();
            if (position < 0 || superType.isEmpty() || !(superType.get() instanceof JavaParameterizedType parameterized)
                    || !parameterized.toErasure().equals(generic) || parameterized.getActualTypeArguments().size() <= position) {
                continue;
            }
            binding = parameterized.getActualTypeArguments().get(position);
            bound.add(binding.getName());
        }
        return bound.size() == 1 ? Optional.of(binding) : Optional.empty();
    }

    @Override
    public DescribedPredicate<JavaClass> scope(RuleContext context) {
        return holdsPools();
    }

    private static DescribedPredicate<JavaClass> holdsPools() {
        return DescribedPredicate.describe("hold pools", c -> c.getFields().stream()
                .anyMatch(f -> PoolApis.POOL_TYPES.contains(f.getRawType().getName().replace('.', '/'))));
    }
}
