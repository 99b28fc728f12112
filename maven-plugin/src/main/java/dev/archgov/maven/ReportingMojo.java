package dev.archgov.maven;

import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The goals that write reports (check, record, gate): formats, where they go, and the result cache. */
abstract class ReportingMojo extends ArchgovMojo {
    /** Report formats, comma-separated: text, json, junit, codequality, sarif, markdown, github. */
    @Parameter(property = "archgov.formats", defaultValue = "text,json")
    String formats;

    /** Where the reports go (default: target/archgov of the top of the reactor, or of the module). */
    @Parameter(property = "archgov.outputDirectory")
    File outputDirectory;

    /** Analyse even when nothing changed since a previous run. */
    @Parameter(property = "archgov.noCache", defaultValue = "false")
    boolean noCache;

    /** The command's report options. */
    List<String> reports(Path output) {
        List<String> args = new ArrayList<>(List.of("--format=" + formats, "--output=" + (outputDirectory != null ? outputDirectory.toPath() : output),
                "--color=never"));
        if (noCache) {
            args.add("--no-cache");
        }
        return args;
    }
}
