package dev.archgov.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code archgov check} over the reactor's code: the findings in the build log, the reports in
 * {@code target/archgov}, and the build failed when a finding at or above {@code failOn} remains.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class CheckMojo extends ReportingMojo {
    /** Least severity that fails the build (blocker, critical, major, minor, info); archgov's default is minor. */
    @Parameter(property = "archgov.failOn")
    String failOn;

    /** Findings in this baseline (archgov:baseline) do not fail the build. */
    @Parameter(property = "archgov.baseline")
    File baseline;

    @Override
    List<String> command(Path contractFile, Path output) {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(reports(output));
        if (failOn != null && !failOn.isBlank()) {
            args.add("--fail-on=" + failOn);
        }
        if (baseline != null) {
            args.add("--baseline=" + baseline);
        }
        return args;
    }
}
