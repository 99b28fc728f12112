package dev.archgov.spi;

import java.util.List;

/**
 * A parameter a rule kind accepts.
 *
 * @param name        key under {@code params:}
 * @param type        expected shape
 * @param required    whether the contract must give it
 * @param description one line for {@code archgov rules} and the JSON Schema
 * @param allowed     for STRING: the allowed values (empty = any)
 */
public record ParamSpec(String name, ParamType type, boolean required, String description, List<String> allowed) {

    public static ParamSpec required(String name, ParamType type, String description) {
        return new ParamSpec(name, type, true, description, List.of());
    }

    public static ParamSpec optional(String name, ParamType type, String description) {
        return new ParamSpec(name, type, false, description, List.of());
    }

    /** The parameter a {@link Param} annotation declares. */
    public static ParamSpec of(Param param) {
        return new ParamSpec(param.name(), param.type(), param.required(), param.description(), List.of(param.allowed()));
    }

    public static ParamSpec oneOf(String name, String description, String... allowed) {
        return new ParamSpec(name, ParamType.STRING, false, description, List.of(allowed));
    }
}
