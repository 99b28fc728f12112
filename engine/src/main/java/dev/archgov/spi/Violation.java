package dev.archgov.spi;

import com.tngtech.archunit.core.domain.JavaClass;

/**
 * The corresponding object of a violation raised by an archgov condition: what is wrong and where.
 *
 * @param element  the offending element: class name, or {@code Class.method(paramTypes)}
 * @param target   what it wrongly uses or lacks (a member, a type); empty when nothing applies
 * @param location the class whose source file holds the problem
 * @param line     1-based line, 0 for the class as a whole
 * @param message  the specific problem, one sentence
 */
public record Violation(String element, String target, JavaClass location, int line, String message) {
}
