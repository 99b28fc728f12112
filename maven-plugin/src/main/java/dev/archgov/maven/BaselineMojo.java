package dev.archgov.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code archgov baseline}: records today's findings (archgov-baseline.json beside the contract, or {@code file}), so a
 * code base adopts a contract and later fails only on new findings ({@code archgov:check} with {@code baseline}).
 */
@Mojo(name = "baseline", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class BaselineMojo extends ArchgovMojo {
    /** Where to write the baseline (default: archgov-baseline.json beside the contract). */
    @Parameter(property = "archgov.baselineFile")
    File file;

    @Override
    List<String> command(Path contractFile, Path output) {
        List<String> args = new ArrayList<>(List.of("baseline"));
        if (file != null) {
            args.add("--output=" + file);
        }
        return args;
    }
}
