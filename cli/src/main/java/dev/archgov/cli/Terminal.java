package dev.archgov.cli;

import dev.archgov.engine.report.Styler;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Colour only on a terminal (picocli decides; NO_COLOR and --color are honoured). */
final class Terminal {
    private Terminal() {
    }

    /** {@code --color=auto|always|never}. */
    static final class ColorConverter implements CommandLine.ITypeConverter<Ansi> {
        @Override
        public Ansi convert(String value) {
            return switch (value) {
                case "auto" -> Ansi.AUTO;
                case "always" -> Ansi.ON;
                case "never" -> Ansi.OFF;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not one of auto, always, never");
            };
        }
    }

    static Styler styler(Ansi ansi) {
        if (!ansi.enabled()) {
            return Styler.PLAIN;
        }
        return (style, text) -> ansi.string("@|" + style + " " + text.replace("|@", "| @") + "|@");
    }
}
