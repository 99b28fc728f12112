package dev.archgov.engine.report.format;

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
        assertThat(links.file(SHA, "src/A B.java", 7)).isEqualTo(file);
        assertThat(links.commit(SHA)).isEqualTo(commit);
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
}
