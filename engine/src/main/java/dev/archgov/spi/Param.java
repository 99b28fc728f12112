package dev.archgov.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A parameter of a rule {@link Kind}: see {@link ParamSpec}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Param {
    /** The key under {@code params:}. */
    String name();

    /** The expected shape. */
    ParamType type() default ParamType.STRING;

    /** Whether the contract must give it. */
    boolean required() default false;

    /** One line for {@code archgov rules} and the JSON Schema. */
    String description();

    /** For {@link ParamType#STRING}: the allowed values (empty = any). */
    String[] allowed() default {};
}
