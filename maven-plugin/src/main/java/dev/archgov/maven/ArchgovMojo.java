package dev.archgov.maven;

import dev.archgov.cli.ArchgovCommand;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every goal shares: the contract (by default {@code archgov.yaml} at the top of the reactor), the analysed code as
 * Maven knows it (each module's output directory, resolved compile classpath and source roots; the whole reactor as one
 * analysis after its last module, or each module on its own), and the run of the archgov command in the build's JVM,
 * its output in the build log and its exit code as the build's verdict.
 */
abstract class ArchgovMojo extends AbstractMojo {
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The contract; by default archgov.yaml at the top of the reactor, else in the module. */
    @Parameter(property = "archgov.contract")
    File contract;

    /** Skip archgov. */
    @Parameter(property = "archgov.skip", defaultValue = "false")
    boolean skip;

    /** Analyse the whole reactor as one code base after its last module (true), or each module on its own (false). */
    @Parameter(property = "archgov.aggregate", defaultValue = "true")
    boolean aggregate;

    ArchgovMojo() {
    }

    /** The archgov command and its goal-specific options (the contract and the analysed paths are added). */
    abstract List<String> command(Path contractFile, Path outputDirectory);

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("archgov: skipped (archgov.skip)");
            return;
        }
        List<MavenProject> analysed;
        if (aggregate) {
            List<MavenProject> reactor = session.getProjects();
            MavenProject last = reactor.get(reactor.size() - 1);
            if (project != last) {
                getLog().info("archgov: the reactor is analysed as one after its last module, " + last.getArtifactId());
                return;
            }
            analysed = reactor;
        } else {
            analysed = List.of(project);
        }
        ReactorCode code = ReactorCode.of(analysed);
        if (!code.notBuilt().isEmpty()) {
            getLog().warn("archgov: not compiled, so not analysed: " + String.join(", ", code.notBuilt())
                    + (session.isParallel() ? " (a parallel build may reach the last module first: run archgov after the build, or per module)" : ""));
        }
        if (code.classes().isEmpty()) {
            if (!aggregate && "pom".equals(project.getPackaging())) {
                getLog().info("archgov: nothing to analyse in a pom module");
                return;
            }
            throw new MojoFailureException("archgov: no compiled classes in " + (aggregate ? "the reactor" : project.getArtifactId())
                    + ": run the goal after compile (e.g. mvn verify), or skip it with -Darchgov.skip");
        }
        Path contractFile = contractFile();
        Path output = Path.of((aggregate ? session.getTopLevelProject() : project).getBuild().getDirectory()).resolve("archgov");
        List<String> args = new ArrayList<>(command(contractFile, output));
        args.add(contractFile.toString());
        code.classes().forEach(p -> args.add("--classes=" + p));
        code.classpath().forEach(p -> args.add("--classpath=" + p));
        code.sources().forEach(p -> args.add("--sources=" + p));
        getLog().info("archgov: " + args.get(0) + " of " + code.classes().size() + " class director" + (code.classes().size() == 1 ? "y" : "ies")
                + " against " + contractFile);
        run(args);
    }

    /** Runs the command in this JVM; its output goes to the build log, its exit code decides. */
    private void run(List<String> args) throws MojoExecutionException, MojoFailureException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ArchgovCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ArchgovMojo.class.getClassLoader()); // the rule kinds and packs come with the plugin
        int exit;
        try {
            exit = cl.execute(args.toArray(String[]::new));
        } finally {
            thread.setContextClassLoader(before);
        }
        out.toString().lines().forEach(getLog()::info);
        List<String> errors = err.toString().lines().toList();
        if (exit == 0) {
            errors.forEach(getLog()::warn);
            return;
        }
        errors.forEach(getLog()::error);
        String cause = errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1);
        switch (exit) {
            case 1 -> throw new MojoFailureException("archgov: the " + args.get(0) + " failed (the findings are listed above)");
            case 2 -> throw new MojoFailureException("archgov: the contract or the options are wrong" + cause);
            default -> throw new MojoExecutionException("archgov: " + args.get(0) + " could not run (exit " + exit + ")" + cause);
        }
    }

    private Path contractFile() throws MojoFailureException {
        if (contract != null) {
            return contract.toPath().toAbsolutePath();
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(session.getRequest().getMultiModuleProjectDirectory()).ifPresent(d -> candidates.add(d.toPath()));
        candidates.add(session.getTopLevelProject().getBasedir().toPath());
        candidates.add(project.getBasedir().toPath());
        for (Path dir : candidates) {
            Path file = dir.resolve("archgov.yaml");
            if (Files.isRegularFile(file)) {
                return file.toAbsolutePath();
            }
        }
        throw new MojoFailureException("archgov: no contract: write archgov.yaml at the top of the reactor (archgov init drafts one), "
                + "or give <contract> / -Darchgov.contract (looked in " + candidates.stream().distinct().map(Path::toString).toList() + ")");
    }
}
