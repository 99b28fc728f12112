package dev.archgov.spi.config;

/**
 * A configuration file that cannot be read or parsed, or a configuration path that does not exist: one line naming
 * the file (and for YAML its line and column). The run fails with it, as with an unreadable class file.
 */
public class ConfigFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
        super(message);
    }
}
