package dev.archgov.engine.contract;

import java.util.Optional;

/**
 * The contract's {@code links}: how the repository's web view addresses a file at a commit and a commit, for hosts
 * whose URL shapes archgov does not know from the remote (a self-hosted GitLab or Gitea under the team's own domain,
 * Bitbucket Server). Placeholders: {@code {commit}}, {@code {path}} (percent-encoded), {@code {line}}.
 *
 * @param fileUrl   e.g. {@code https://git.acme.example/shop/-/blob/{commit}/{path}#L{line}}; null: from the remote
 * @param commitUrl e.g. {@code https://git.acme.example/shop/-/commit/{commit}}; null: from the remote
 */
public record LinkTemplates(String fileUrl, String commitUrl) {
    public static final LinkTemplates NONE = new LinkTemplates(null, null);

    public boolean isEmpty() {
        return fileUrl == null && commitUrl == null;
    }

    /** The file at the commit; with {@code line} 0 a template's {@code #…{line}} anchor is left out. */
    public Optional<String> file(String commit, String encodedPath, int line) {
        if (fileUrl == null) {
            return Optional.empty();
        }
        String url = fileUrl.replace("{commit}", commit).replace("{path}", encodedPath);
        if (line <= 0) {
            int anchor = url.indexOf('#');
            url = anchor >= 0 && url.indexOf("{line}", anchor) >= 0 ? url.substring(0, anchor) : url;
        }
        return Optional.of(url.replace("{line}", String.valueOf(Math.max(line, 0))));
    }

    public Optional<String> commit(String commit) {
        return Optional.ofNullable(commitUrl).map(u -> u.replace("{commit}", commit));
    }
}
