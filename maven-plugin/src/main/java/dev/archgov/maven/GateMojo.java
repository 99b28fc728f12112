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
 * {@code archgov gate}: the pre-merge check. Only what the change made worse fails the build: findings new against the
 * merge-base of HEAD and {@code base} (its recorded report, else the baseline file), as the contract's gate policy says.
 */
@Mojo(name = "gate", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class GateMojo extends ReportingMojo {
    /** The branch or commit the change goes into (e.g. origin/main). */
    @Parameter(property = "archgov.base", required = true)
    String base;

    /** The fallback base: a baseline file (default archgov-baseline.json beside the contract). */
    @Parameter(property = "archgov.baseline")
    File baseline;

    /** Fail only on new findings in the files the change touched. */
    @Parameter(property = "archgov.changedOnly", defaultValue = "false")
    boolean changedOnly;

    @Override
    List<String> command(Path contractFile, Path output) {
        List<String> args = new ArrayList<>(List.of("gate", "--base=" + base));
        args.addAll(reports(output));
        if (baseline != null) {
            args.add("--baseline=" + baseline);
        }
        if (changedOnly) {
            args.add("--changed-only");
        }
        return args;
    }
}
