package dev.archgov.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code archgov check --record}: the check, and its report stored in the history (keyed by repository, commit and
 * contract), so that later checks show the delta and {@code archgov:gate} compares with the merge-base's report.
 */
@Mojo(name = "record", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class RecordMojo extends CheckMojo {
    @Override
    List<String> command(Path contractFile, Path output) {
        List<String> args = new ArrayList<>(super.command(contractFile, output));
        args.add("--record");
        return args;
    }
}
