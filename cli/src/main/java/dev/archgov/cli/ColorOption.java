package dev.archgov.cli;

import dev.archgov.engine.report.format.Styler;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.Locale;

/** {@code --color=auto|always|never}, shared by every command that prints a styled report. */
final class ColorOption {
    /** When to colour; picocli lists the values in help and rejects others with the list. */
    enum When {
        AUTO(Ansi.AUTO), ALWAYS(Ansi.ON), NEVER(Ansi.OFF);

        private final Ansi ansi;

        When(Ansi ansi) {
            this.ansi = ansi;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Any case; a wrong value is answered with the values, as written in help. */
    static final class WhenConverter implements CommandLine.ITypeConverter<When> {
        @Override
        public When convert(String value) {
            try {
                return When.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of auto, always, never");
            }
        }
    }

    @Option(names = "--color", paramLabel = "WHEN", converter = WhenConverter.class,
            description = "Colour the text output: ${COMPLETION-CANDIDATES} (auto: only on a terminal; NO_COLOR is honoured). Default: ${DEFAULT-VALUE}.")
    When when = When.AUTO;

    Ansi ansi() {
        return when.ansi;
    }

    boolean enabled() {
        return when != When.NEVER;
    }

    /** Colour only on a terminal (picocli decides; NO_COLOR and --color are honoured). */
    Styler styler() {
        Ansi ansi = ansi();
        if (!ansi.enabled()) {
            return Styler.PLAIN;
        }
        return (style, text) -> ansi.string("@|" + style + " " + text.replace("|@", "| @") + "|@");
    }
}
