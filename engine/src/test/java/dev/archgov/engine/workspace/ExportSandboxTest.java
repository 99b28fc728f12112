package dev.archgov.engine.workspace;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.contract.Contract;
import dev.archgov.engine.git.GitContext;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exporting a commit never writes outside the export directory, whatever its tree holds. */
class ExportSandboxTest {
    @TempDir
    Path repo;
    @TempDir
    Path outside;

    @Test
    void aTreeEntryBelowASymbolicLinkIsRefusedAndNothingIsWrittenThrough() throws Exception {
        String commit;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
             ObjectInserter insert = git.getRepository().newObjectInserter()) {
            // a crafted tree: 'x' a symbolic link to a directory elsewhere, and 'x/pwned' a file below it
            ObjectId link = insert.insert(Constants.OBJ_BLOB, outside.toString().getBytes(StandardCharsets.UTF_8));
            ObjectId payload = insert.insert(Constants.OBJ_BLOB, "written through the link".getBytes(StandardCharsets.UTF_8));
            TreeFormatter sub = new TreeFormatter();
            sub.append("pwned", FileMode.REGULAR_FILE, payload);
            ObjectId subTree = insert.insert(sub);
            TreeFormatter top = new TreeFormatter();
            top.append("x", FileMode.SYMLINK, link);
            top.append("x", FileMode.TREE, subTree);
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(insert.insert(top));
            PersonIdent who = new PersonIdent("Mallory", "m@example.com");
            c.setAuthor(who);
            c.setCommitter(who);
            c.setMessage("hostile tree");
            commit = insert.insert(c).name();
            insert.flush();
        }
        assertThatThrownBy(() -> CommitWorkspace.export(repo, commit))
                .isInstanceOf(GitContext.GitException.class)
                .hasMessageContaining("below the symbolic link 'x'");
        assertThat(outside.resolve("pwned")).doesNotExist();
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(CommitWorkspace.prefix()));
        }
    }

    @Test
    void aContractDirectoryThatIsASymbolicLinkInTheCommitIsRefused() throws Exception {
        String commit;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.createSymbolicLink(repo.resolve("config"), outside);
            git.add().addFilepattern("config").call();
            commit = git.commit().setMessage("config is a link").setAuthor("Mallory", "m@example.com")
                    .setCommitter("Mallory", "m@example.com").call().name();
            Files.delete(repo.resolve("config"));
        }
        Files.createDirectories(repo.resolve("config"));
        Files.writeString(repo.resolve("config/archgov.yaml"), "version: 1\nname: x\nanalyze: { classes: [\".\"] }\nrules: []\n");
        Contract running = Archgov.contract(repo.resolve("config/archgov.yaml"));
        try (CommitWorkspace ws = CommitWorkspace.export(repo, commit)) {
            assertThatThrownBy(() -> ws.placeContract(running, repo))
                    .isInstanceOf(CommitWorkspace.RefusedTree.class)
                    .hasMessageContaining("symbolic link at 'config'");
        }
        assertThat(outside.resolve("archgov.yaml")).doesNotExist();
    }
}
