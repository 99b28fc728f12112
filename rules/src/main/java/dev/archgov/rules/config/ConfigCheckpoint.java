package dev.archgov.rules.config;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.spi.BaseRule;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.config.ConfigFiles;
import dev.archgov.spi.config.ConfigRule;
import dev.archgov.spi.config.FileViolation;

import java.util.function.Consumer;

/**
 * A configuration checkpoint: a rule over the files {@code analyze.config} names instead of classes. The health score
 * counts the elements it examined (bindings, containers, routes) as checked.
 */
abstract class ConfigCheckpoint extends BaseRule {

    @Override
    public final ArchRule compile(RuleContext context) {
        return new ConfigRule(meta().title(), context.config(), this::check);
    }

    /** Classes are not what a checkpoint checks. */
    @Override
    public final DescribedPredicate<JavaClass> scope(RuleContext context) {
        return DescribedPredicate.alwaysFalse();
    }

    abstract void check(ConfigFiles files, JavaClasses classes, Consumer<FileViolation> sink, Runnable checked);
}
