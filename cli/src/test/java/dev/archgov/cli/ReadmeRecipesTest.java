package dev.archgov.cli;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The CI recipes in the README run as written: every {@code archgov} command of the GitHub Actions, GitLab CI and
 * Jenkins recipes is taken from the README and run in a temporary clone with an {@code origin}, on the main branch
 * and on a pull-request branch, and every report file the recipes hand to CI exists afterwards. Only CI variables
 * are substituted, and the repository directory is appended (the tests cannot change the working directory).
 */
class ReadmeRecipesTest {
    private static final Pattern COMMAND = Pattern.compile("(?m)(?:- run: |- |sh ')(archgov (?:gate|check)[^'#\\n]*)");
    private static final Pattern ARTIFACT = Pattern.compile("archgov-out/[\\w.-]+");

    @TempDir
    Path origin;
    @TempDir
    Path clone;
    /** The merge request's diff base (the target branch's commit it started from). */
    private String diffBase = "";

    @Test
    void everyRecipeCommandRunsAndProducesTheFilesCiReads() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("## Pre-merge gate and CI recipes"), readme.indexOf("## Periodic audit"));
        List<String> commands = new ArrayList<>();
        Matcher m = COMMAND.matcher(section);
        while (m.find()) {
            commands.add(m.group(1).strip());
        }
        Set<String> artifacts = new LinkedHashSet<>();
        Matcher a = ARTIFACT.matcher(section);
        while (a.find()) {
            artifacts.add(a.group());
        }
        assertThat(commands).as("recipes found").hasSizeGreaterThanOrEqualTo(4)
                .anyMatch(c -> c.contains("check --record")).anyMatch(c -> c.contains("sarif")).anyMatch(c -> c.contains("codequality"));
        assertThat(artifacts).contains("archgov-out/archgov.sarif", "archgov-out/archgov-junit.xml", "archgov-out/gl-code-quality-report.json");

        // origin: a clean main branch
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.writeString(origin.resolve(".gitignore"), "build/\n.archgov/\narchgov-out/\n");
            new JavacProject(origin).withContract(JavacProject.CONTRACT).write(BaselineTest.FIXED);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("main").setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com").call();
        }
        try (Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(clone.toFile()).call()) {
            JavacProject project = new JavacProject(clone);
            project.compile();
            // on main: the recipes record the base
            for (String c : commands) {
                if (c.contains("check --record")) {
                    assertThat(run(c).exit()).as(c).isEqualTo(ExitCodes.OK);
                }
            }
            // a pull request that leaks a lock: every gate recipe fails with exactly that finding as new
            diffBase = git.getRepository().resolve("origin/main").name(); // what GitLab gives a merge-request pipeline
            git.checkout().setCreateBranch(true).setName("feature").call();
            project.write(BaselineTest.LEAKING);
            git.commit().setAll(true).setMessage("leak").setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com").call();
            for (String c : commands) {
                if (c.contains(" gate ")) {
                    Cli gate = run(c);
                    assertThat(gate.exit()).as(c + "\n" + gate.out() + gate.err()).isEqualTo(ExitCodes.VIOLATED);
                    assertThat(gate.out()).as(c).contains("gate against the report recorded for", "1 new, 0 fixed, 0 unchanged");
                }
            }
            for (String artifact : artifacts) {
                assertThat(clone.resolve(artifact)).as(artifact).isNotEmptyFile();
            }
        }
    }

    /**
     * Every audit command of the README (examples, cron line, scheduled workflow) parses: its options exist and take their
     * values; and the cron line runs as written on a two-commit repository, its trend published readable by the web server.
     */
    @Test
    void everyAuditCommandInTheReadmeIsValid(@TempDir Path published) throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("## Periodic audit"), readme.indexOf("## Findings"));
        Matcher m = Pattern.compile("(?:\\./|&& |run: )archgov (audit[^#>\n]*)").matcher(section);
        List<String> commands = new ArrayList<>();
        while (m.find()) {
            commands.add(m.group(1).strip());
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(5).anyMatch(c -> c.contains("--per day")).anyMatch(c -> c.contains("--range"));
        for (String c : commands) {
            List<String> args = new ArrayList<>();
            Matcher token = Pattern.compile("'([^']*)'|(\\S+)").matcher(c);
            while (token.find()) {
                args.add(token.group(1) != null ? token.group(1) : token.group(2));
            }
            assertThatCode(() -> ArchgovCommand.commandLine().parseArgs(args.toArray(String[]::new))).as(c).doesNotThrowAnyException();
        }

        String cron = commands.stream().filter(c -> c.contains("--per day")).findFirst().orElseThrow();
        try (Git git = JavacProject.initRepository(origin)) {
            String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
            JavacProject project = new JavacProject(origin).withContract(JavacProject.CONTRACT
                    + "build: mkdir -p build/classes && '" + javac + "' -d build/classes src/com/acme/Stock.java\n");
            project.commit(git, BaselineTest.FIXED, "stock");
            project.commit(git, BaselineTest.LEAKING, "stock leaks its lock");
        }
        List<String> args = new ArrayList<>(List.of(cron.split("\\s+")));
        args.set(args.indexOf("-o") + 1, published.resolve("shop").toString());
        args.addAll(List.of(origin.toString(), "--history", clone.resolve("history.db").toString()));
        Cli audit = Cli.run(args.toArray(String[]::new));
        assertThat(audit.exit()).as(audit.err()).isEqualTo(ExitCodes.OK);
        Path html = published.resolve("shop/archgov-trend.html");
        assertThat(Files.readString(html)).contains("stock leaks its lock", "LOCK-01");
        assertThat(Files.getPosixFilePermissions(html)).as("the web server may read what the cron line publishes")
                .contains(PosixFilePermission.OTHERS_READ);
    }

    /** The README's command with CI variables filled in, relative outputs under the clone, and the clone's directory. */
    private Cli run(String command) {
        String filled = command.replace("${{ github.base_ref }}", "main").replace("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
                .replace("$CI_MERGE_REQUEST_DIFF_BASE_SHA", diffBase);
        assertThat(filled).doesNotContain("$");
        List<String> args = new ArrayList<>(List.of(filled.substring("archgov ".length()).trim().split("\\s+")));
        int output = args.indexOf("--output");
        if (output >= 0) {
            args.set(output + 1, clone.resolve(args.get(output + 1)).toString());
        }
        args.add(clone.toString());
        args.add("--color=never");
        return Cli.run(args.toArray(String[]::new));
    }
}
