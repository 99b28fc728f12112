package dev.archgov.engine.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The archgov version, filtered into {@code archgov/version.properties} at build time. */
public final class ToolVersion {
    private static final String VERSION = read();

    private ToolVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("/archgov/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
