package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The pre-merge gate in a real git repository: only what the change made worse fails. */
class GateTest {
    @TempDir
    Path repo;
    @TempDir
    Path out;
    Git git;
    JavacProject project;

    @BeforeEach
    void init() throws Exception {
        git = JavacProject.initRepository(repo);
        project = new JavacProject(repo).withContract(JavacProject.CONTRACT);
    }

    void commit(String source, String message) throws Exception {
        project.commit(git, source, message);
    }

    record Gate(int exit, String text, JsonNode json, String err) {
    }

    Gate gate(Path dir, String base) throws IOException {
        Cli run = Cli.run("gate", dir.toString(), "--base", base, "--format", "text,json", "--output", out.toString(), "--color=never");
        JsonNode json = Files.exists(out.resolve("archgov-report.json")) ? new ObjectMapper().readTree(out.resolve("archgov-report.json").toFile()) : null;
        return new Gate(run.exit(), run.out(), json, run.err());
    }

    @Test
    void aChangeAddingAViolationFailsWithExactlyThatFindingAsNew() throws Exception {
        commit(BaselineTest.FIXED, "clean main");
        assertThat(Cli.run("check", repo.toString(), "--record").exit()).isEqualTo(ExitCodes.OK);
        git.checkout().setCreateBranch(true).setName("feature").call();
        commit(BaselineTest.LEAKING, "leak the lock");

        Gate gate = gate(repo, "main");
        assertThat(gate.exit()).as(gate.text() + gate.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(gate.text()).contains("gate against the report recorded for", "1 new, 0 fixed, 0 unchanged", "gate FAILED: 1 new finding");
        assertThat(gate.json().path("findings")).singleElement().satisfies(f -> {
            assertThat(f.path("ruleId").asText()).isEqualTo("LOCK-01");
            assertThat(f.path("element").asText()).endsWith("Stock.take()");
        });
    }

    @Test
    void aChangeFixingAViolationPassesAndShowsItFixed() throws Exception {
        commit(BaselineTest.LEAKING, "leaky main");
        assertThat(Cli.run("check", repo.toString(), "--record").exit()).isEqualTo(ExitCodes.VIOLATED);
        git.checkout().setCreateBranch(true).setName("fix").call();
        commit(BaselineTest.FIXED, "release in finally");

        Gate gate = gate(repo, "main");
        assertThat(gate.exit()).as(gate.text() + gate.err()).isEqualTo(ExitCodes.OK);
        assertThat(gate.text()).contains("0 new, 1 fixed, 0 unchanged", "gate PASSED");
        assertThat(gate.json().path("staleBaseline")).singleElement()
                .satisfies(e -> assertThat(e.path("ruleId").asText()).isEqualTo("LOCK-01"));
    }

    @Test
    void anUnchangedViolationDoesNotFailTheGate() throws Exception {
        commit(BaselineTest.LEAKING, "leaky main");
        Cli.run("check", repo.toString(), "--record");
        git.checkout().setCreateBranch(true).setName("docs").call();
        Files.writeString(repo.resolve("NOTES.md"), "docs only\n");
        commit(BaselineTest.SHIFTED_AND_REFORMATTED, "reformat");
        Gate gate = gate(repo, "main");
        assertThat(gate.exit()).as(gate.text()).isEqualTo(ExitCodes.OK);
        assertThat(gate.text()).contains("0 new, 0 fixed, 1 unchanged");
    }

    @Test
    void aShallowCloneSaysHowToFetchAndFallsBackToTheBaseline(@TempDir Path clone) throws Exception {
        commit(BaselineTest.LEAKING, "one");
        assertThat(Cli.run("baseline", repo.toString()).exit()).isEqualTo(ExitCodes.OK);
        git.add().addFilepattern("archgov-baseline.json").call();
        git.commit().setMessage("baseline").setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com").call();
        commit(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 11;"), "two");
        git.checkout().setCreateBranch(true).setName("feature").call();
        commit(BaselineTest.SHIFTED_AND_REFORMATTED, "three");
        git.checkout().setName("main").call();
        commit(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 12;"), "four on main");

        try (Git shallow = Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(clone.toFile())
                .setBranch("feature").setDepth(1).call()) {
            assertThat(shallow.getRepository().getObjectDatabase().getShallowCommits()).isNotEmpty();
        }
        new JavacProject(clone).compile();
        Gate gate = gate(clone, "origin/main");
        assertThat(gate.err()).contains("shallow clone", "fetch-depth: 0", "git fetch --deepen", "comparing with the baseline file instead");
        assertThat(gate.exit()).as(gate.text() + gate.err()).isEqualTo(ExitCodes.OK);
        assertThat(gate.text()).contains("gate against the baseline file", "0 new, 0 fixed, 1 unchanged");
    }

    @Test
    void withoutAnyBaseTheGateSaysWhatToDo() throws Exception {
        commit(BaselineTest.FIXED, "main");
        git.checkout().setCreateBranch(true).setName("feature").call();
        commit(BaselineTest.LEAKING, "leak");
        Cli run = Cli.run("gate", repo.toString(), "--base", "main");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).startsWith("archgov: no base to compare with: no report recorded for the merge-base")
                .contains("archgov check --record on main", "archgov baseline");
        assertThat(Cli.run("gate", repo.toString(), "--base", "nope").exit()).isEqualTo(ExitCodes.RUNTIME);
    }

    /** The javac beside the java running the tests, so the test does not depend on PATH. */
    static final String JAVAC_BUILD = "mkdir -p build/classes && '" + Path.of(System.getProperty("java.home"), "bin", "javac")
            + "' -g -d build/classes src/com/acme/Stock.java";

    @Test
    void analyzeBaseBuildsTheMergeBaseAsideAndComparesWithIt() throws Exception {
        commit(BaselineTest.LEAKING, "leaky main, never recorded");
        git.checkout().setCreateBranch(true).setName("feature").call();
        commit(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 11;"), "unrelated change");

        Cli run = Cli.run("gate", repo.toString(), "--base", "main", "--analyze-base=" + JAVAC_BUILD, "--color=never");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("analysing the merge-base", "built with: " + JAVAC_BUILD);
        assertThat(run.out()).contains("gate against the merge-base", "built and analysed", "0 new, 0 fixed, 1 unchanged", "gate PASSED");

        commit(BaselineTest.FIXED, "fixed on the branch");
        Cli fixed = Cli.run("gate", repo.toString(), "--base", "main", "--analyze-base=" + JAVAC_BUILD, "--color=never");
        assertThat(fixed.out()).contains("0 new, 1 fixed, 0 unchanged");

        // the analysed repository is never modified: still on the branch, nothing changed, no stray files
        assertThat(git.getRepository().getBranch()).isEqualTo("feature");
        assertThat(git.status().call().isClean()).isTrue();
        assertThat(Files.readString(repo.resolve("src/com/acme/Stock.java"))).isEqualTo(BaselineTest.FIXED);
    }

    /**
     * The head's contract extends local files (one extending another) that the merge-base does not have: the base is
     * judged by the head's contract and everything it is made of, as an audit judges every commit.
     */
    @Test
    void analyzeBaseCarriesTheLocalFilesTheContractExtendsIntoTheMergeBase() throws Exception {
        commit(BaselineTest.LEAKING, "leaky main, no team rules yet");
        git.checkout().setCreateBranch(true).setName("feature").call();
        Files.createDirectories(repo.resolve("contracts/shared"));
        Files.writeString(repo.resolve("contracts/shared/locks.yaml"), "version: 1\nname: locks\nextends: [builtin:lock]\n");
        Files.writeString(repo.resolve("contracts/team.yaml"), "version: 1\nname: team\nextends: [shared/locks.yaml]\n");
        project.withContract(JavacProject.CONTRACT.replace("extends: [builtin:lock]", "extends: [contracts/team.yaml]"));
        commit(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 11;"), "team rules, unrelated change");

        Cli run = Cli.run("gate", repo.toString(), "--base", "main", "--analyze-base=" + JAVAC_BUILD, "--color=never");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("gate against the merge-base", "0 new, 0 fixed, 1 unchanged", "gate PASSED");
        assertThat(git.status().call().isClean()).isTrue();
    }

    @Test
    void aFailingBaseBuildIsARuntimeFailureWithTheBuildLogTail() throws Exception {
        commit(BaselineTest.FIXED, "main");
        git.checkout().setCreateBranch(true).setName("feature").call();
        commit(BaselineTest.LEAKING, "leak");
        Cli run = Cli.run("gate", repo.toString(), "--base", "main", "--analyze-base=echo compiling; echo broken >&2; exit 7");
        assertThat(run.exit()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.err()).contains("  | compiling", "  | broken")
                .contains("archgov: error: the merge-base build failed (exit 7): echo compiling; echo broken >&2; exit 7");

        Cli guess = Cli.run("gate", repo.toString(), "--base", "main", "--analyze-base");
        assertThat(guess.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(guess.err().strip()).startsWith("archgov: --analyze-base: no build command: give it, e.g. --analyze-base=");
    }

    @Test
    void analyzeBaseRunsTheContractsBuildCommand() throws Exception {
        project.withContract(JavacProject.CONTRACT + "build: \"" + JAVAC_BUILD.replace("'", "") + "\"\n");
        commit(BaselineTest.FIXED, "main, with a build command in the contract");
        git.checkout().setCreateBranch(true).setName("feature").call();
        commit(BaselineTest.LEAKING, "leak");
        Cli run = Cli.run("gate", repo.toString(), "--base", "main", "--analyze-base", "--color=never");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(run.err()).contains("built with: " + JAVAC_BUILD.replace("'", ""));
        assertThat(run.out()).contains("1 new, 0 fixed, 0 unchanged", "gate FAILED: 1 new finding");
    }

    /** A pull request cannot talk past the gate by weakening its own contract. */
    @Test
    void aBlanketSuppressionAddedByThePullRequestFailsTheGateAndIsListed() throws Exception {
        commit(BaselineTest.FIXED, "clean main");
        assertThat(Cli.run("check", repo.toString(), "--record").exit()).isEqualTo(ExitCodes.OK);
        git.checkout().setCreateBranch(true).setName("feature").call();
        project.withContract(JavacProject.CONTRACT + "suppressions:\n  - rule: \"*\"\n    where: \"**\"\n    reason: trust me\n");
        commit(BaselineTest.LEAKING, "leak, and silence everything");

        Gate gate = gate(repo, "main");
        assertThat(gate.exit()).as(gate.text() + gate.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(gate.err()).contains("contract changed: suppression added: rule * where ** (trust me)");
        assertThat(gate.text()).contains("0 new", "gate FAILED: the contract lets more through than the merge-base's (1 change");
    }

    @Test
    void aRuleDisabledByThePullRequestIsNotAFixAndFailsUnlessTheBaseAllowsIt() throws Exception {
        commit(BaselineTest.LEAKING, "leaky main");
        Cli.run("check", repo.toString(), "--record");
        git.checkout().setCreateBranch(true).setName("feature").call();
        String disabled = JavacProject.CONTRACT + "rules:\n  - id: LOCK-01\n    enabled: false\n";
        project.withContract(disabled);
        commit(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 11;"), "turn the rule off");

        Gate gate = gate(repo, "main");
        assertThat(gate.exit()).as(gate.text() + gate.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(gate.err()).contains("contract changed: rule LOCK-01 disabled");
        assertThat(gate.text()).contains("0 fixed (+1 gone with the contract's changes, not fixed)", "gate FAILED: the contract lets more through");
        assertThat(gate.json().path("staleBaseline")).isEmpty();

        // the base branch's own contract may accept such changes
        git.checkout().setName("main").call();
        project.withContract(JavacProject.CONTRACT + "gate:\n  allowContractChanges: true\n");
        commit(BaselineTest.LEAKING, "main accepts contract changes from branches");
        Cli.run("check", repo.toString(), "--record");
        git.checkout().setCreateBranch(true).setName("feature2").call();
        project.withContract(disabled + "gate:\n  allowContractChanges: true\n");
        commit(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 12;"), "turn the rule off again");
        Gate allowed = gate(repo, "main");
        assertThat(allowed.exit()).as(allowed.text() + allowed.err()).isEqualTo(ExitCodes.OK);
        assertThat(allowed.err()).contains("contract changed: rule LOCK-01 disabled");
    }

    /** A pull request controls the head's contract: its build: must never run on the CI machine to build the base. */
    @Test
    void analyzeBaseNeverRunsTheHeadsBuildCommand() throws Exception {
        String baseBuild = JAVAC_BUILD.replace("'", "");
        project.withContract(JavacProject.CONTRACT + "build: \"" + baseBuild + "\"\n");
        commit(BaselineTest.FIXED, "main, with its build command");
        git.checkout().setCreateBranch(true).setName("feature").call();
        Path marker = out.resolve("pwned-by-the-pull-request");
        project.withContract(JavacProject.CONTRACT + "build: \"touch " + marker + " && " + baseBuild + "\"\n");
        commit(BaselineTest.LEAKING, "leak, and a build command of the pull request's own");

        Cli run = Cli.run("gate", repo.toString(), "--base", "main", "--analyze-base", "--color=never");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(run.err()).contains("built with: " + baseBuild + " (the merge-base's own build:)");
        assertThat(marker).doesNotExist();
    }

    @Test
    void changedOnlyFailsOnNewFindingsInTouchedFilesAndListsTheRest() throws Exception {
        commit(BaselineTest.FIXED, "clean main");
        assertThat(Cli.run("baseline", repo.toString()).exit()).isEqualTo(ExitCodes.OK);
        commit(BaselineTest.LEAKING, "main regresses; the baseline is now out of date");
        git.checkout().setCreateBranch(true).setName("docs").call();
        Files.writeString(repo.resolve("NOTES.txt"), "a change that touches no code\n");

        Gate all = gate(repo, "main");
        assertThat(all.exit()).as(all.text() + all.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(all.text()).contains("1 new, 0 fixed, 0 unchanged");

        Cli focused = Cli.run("gate", repo.toString(), "--base", "main", "--changed-only", "--color=never");
        assertThat(focused.exit()).as(focused.out() + focused.err()).isEqualTo(ExitCodes.OK);
        assertThat(focused.out()).contains("0 new (+1 outside the changed files), 0 fixed, 0 unchanged", "gate PASSED");
        assertThat(focused.err()).contains("new outside the changed files (not failing): LOCK-01 src/com/acme/Stock.java:");

        project.write(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 11;")); // touched now
        Cli touched = Cli.run("gate", repo.toString(), "--base", "main", "--changed-only", "--color=never");
        assertThat(touched.exit()).as(touched.out() + touched.err()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(touched.out()).contains("1 new, 0 fixed, 0 unchanged");
    }

    @Test
    void gateSarifMarksNewAndFixedFindingsAndValidates() throws Exception {
        commit(BaselineTest.LEAKING, "leaky main");
        assertThat(Cli.run("check", repo.toString(), "--record").exit()).isEqualTo(ExitCodes.VIOLATED);
        git.checkout().setCreateBranch(true).setName("fix").call();
        commit(BaselineTest.FIXED, "release in finally");
        assertThat(gateSarif()).isEqualTo(ExitCodes.OK);
        JsonNode fixed = sarif();
        assertThat(fixed.path("runs").get(0).path("results")).singleElement().satisfies(r -> {
            assertThat(r.path("baselineState").asText()).isEqualTo("absent");
            assertThat(r.path("kind").asText()).isEqualTo("pass");
            assertThat(r.path("ruleId").asText()).isEqualTo("LOCK-01");
            assertThat(r.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                    .isEqualTo("src/com/acme/Stock.java");
        });

        git.checkout().setName("main").call();
        git.checkout().setCreateBranch(true).setName("again").call();
        commit(BaselineTest.LEAKING.replace("private int count = 10;", "private int count = 11;"), "touch");
        assertThat(gateSarif()).isEqualTo(ExitCodes.OK);
        assertThat(sarif().path("runs").get(0).path("results")).singleElement()
                .satisfies(r -> assertThat(r.path("baselineState").asText()).isEqualTo("unchanged"));
    }

    @Test
    void gateSarifMarksANewFindingNewEvenWhenTheBaseHadNone() throws Exception {
        commit(BaselineTest.FIXED, "clean main");
        assertThat(Cli.run("check", repo.toString(), "--record").exit()).isEqualTo(ExitCodes.OK);
        git.checkout().setCreateBranch(true).setName("feature").call();
        commit(BaselineTest.LEAKING, "leak");
        assertThat(gateSarif()).isEqualTo(ExitCodes.VIOLATED);
        assertThat(sarif().path("runs").get(0).path("results")).singleElement()
                .satisfies(r -> assertThat(r.path("baselineState").asText()).isEqualTo("new"));
    }

    int gateSarif() {
        return Cli.run("gate", repo.toString(), "--base", "main", "--format", "sarif", "--output", out.toString()).exit();
    }

    JsonNode sarif() throws IOException {
        JsonNode log = new ObjectMapper().readTree(out.resolve("archgov.sarif").toFile());
        try (InputStream text = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(text).validate(log)).isEmpty();
        }
        return log;
    }
}
