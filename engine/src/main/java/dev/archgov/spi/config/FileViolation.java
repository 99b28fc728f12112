package dev.archgov.spi.config;

import java.nio.file.Path;

/**
 * A violation found in a file that is not a class (a configuration file, a deployment manifest): what is wrong and
 * exactly where. The finding's path is the file relative to the repository, at this line and column.
 *
 * @param element what holds the problem, stable across edits ({@code Deployment shop/api container api},
 *                {@code spring.cloud.stream.bindings.orders-in-0}): part of the finding's fingerprint
 * @param target  what it lacks or wrongly sets ({@code securityContext.runAsNonRoot}); empty when nothing applies
 * @param file    the file (absolute)
 * @param line    1-based line
 * @param column  1-based column, 0 when unknown
 * @param message the specific problem, one sentence
 */
public record FileViolation(String element, String target, Path file, int line, int column, String message) {
}
