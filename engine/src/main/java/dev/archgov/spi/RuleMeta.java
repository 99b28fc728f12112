package dev.archgov.spi;

import dev.archgov.engine.contract.Severity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a rule kind is, declared once beside its code.
 *
 * @param title           short title
 * @param category        default score category ({@code layering}, {@code lock}, …)
 * @param defaultSeverity severity when the contract gives none
 * @param docs            Markdown explanation: rationale, bad and good example, what bytecode cannot see
 */
public record RuleMeta(String title, String category, Severity defaultSeverity, String docs) {

    /** Metadata whose docs are the Markdown file named like the kind class, in the same package. */
    public static RuleMeta of(Class<?> kindClass, String title, String category, Severity defaultSeverity) {
        String resource = kindClass.getSimpleName() + ".md";
        try (InputStream in = kindClass.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("rule kind " + kindClass.getName() + " has no docs resource " + resource);
            }
            return new RuleMeta(title, category, defaultSeverity, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
