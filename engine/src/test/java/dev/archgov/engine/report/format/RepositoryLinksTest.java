package dev.archgov.engine.report.format;

import dev.archgov.engine.contract.LinkTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Permalinks from a remote URL in each known host's shape; other remotes give none. */
class RepositoryLinksTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @ParameterizedTest
    @CsvSource({
            "git@github.com:acme/shop.git, https://github.com/acme/shop/blob/" + SHA + "/src/A%20B.java#L7, https://github.com/acme/shop/commit/" + SHA,
            "https://github.com/acme/shop, https://github.com/acme/shop/blob/" + SHA + "/src/A%20B.java#L7, https://github.com/acme/shop/commit/" + SHA,
            "ssh://git@gitlab.example.com:2222/group/sub/shop.git, https://gitlab.example.com/group/sub/shop/-/blob/" + SHA + "/src/A%20B.java#L7, https://gitlab.example.com/group/sub/shop/-/commit/" + SHA,
            "https://bitbucket.org/acme/shop.git, https://bitbucket.org/acme/shop/src/" + SHA + "/src/A%20B.java#lines-7, https://bitbucket.org/acme/shop/commits/" + SHA,
            "https://codeberg.org/acme/shop.git, https://codeberg.org/acme/shop/src/commit/" + SHA + "/src/A%20B.java#L7, https://codeberg.org/acme/shop/commit/" + SHA,
    })
    void eachHostsShape(String remote, String file, String commit) {
        RepositoryLinks links = RepositoryLinks.of(remote).orElseThrow();
        assertThat(links.file(SHA, "src/A B.java", 7)).contains(file);
        assertThat(links.commit(SHA)).contains(commit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/git/shop.git", "file:///srv/git/shop.git", "https://git.internal.example/shop.git", "git@bitbucket.corp:scm/p/shop.git", ""})
    void unknownHostsAndLocalRemotesGiveNoLinks(String remote) {
        assertThat(RepositoryLinks.of(remote)).isEmpty();
    }

    @Test
    void pathsAreEncodedByteByByte() {
        assertThat(RepositoryLinks.encode("src/ü (1)#.java")).isEqualTo("src/%C3%BC%20%281%29%23.java");
    }

    /** A self-hosted web view the remote does not reveal: the contract's templates, with the anchor dropped for a file without a line. */
    @Test
    void templatesAddressWhatTheRemoteDoesNot() {
        LinkTemplates t = new LinkTemplates("https://git.acme.example/shop/-/blob/{commit}/{path}#L{line}", "https://git.acme.example/shop/-/commit/{commit}");
        RepositoryLinks links = new RepositoryLinks(null, null, t);
        assertThat(links.file(SHA, "src/A B.java", 7)).contains("https://git.acme.example/shop/-/blob/" + SHA + "/src/A%20B.java#L7");
        assertThat(links.file(SHA, "src/A.java", 0)).contains("https://git.acme.example/shop/-/blob/" + SHA + "/src/A.java");
        assertThat(links.commit(SHA)).contains("https://git.acme.example/shop/-/commit/" + SHA);
        RepositoryLinks fileOnly = new RepositoryLinks(null, null, new LinkTemplates(t.fileUrl(), null));
        assertThat(fileOnly.commit(SHA)).isEmpty();
        RepositoryLinks github = new RepositoryLinks("https://github.com/o/r", RepositoryLinks.Host.GITHUB, new LinkTemplates(null, "https://ci.example/{commit}"));
        assertThat(github.file(SHA, "a.java", 1)).contains("https://github.com/o/r/blob/" + SHA + "/a.java#L1");
        assertThat(github.commit(SHA)).contains("https://ci.example/" + SHA);
    }
}
