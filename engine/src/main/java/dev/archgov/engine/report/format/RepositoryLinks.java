package dev.archgov.engine.report.format;

import dev.archgov.engine.contract.LinkTemplates;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.report.Report;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Permalinks into the repository's web view, from its remote URL ({@code origin}) and the analysed commit: a file at a
 * line ({@code …/blob/<sha>/<path>#L<line>}) and a commit page, in the URL shapes of GitHub (and GitHub Enterprise),
 * GitLab, Bitbucket and Gitea/Forgejo/Codeberg. A remote of another host, or none, gives no links unless the
 * contract's {@code links:} templates address that web view ({@link LinkTemplates}); a template wins over the shape
 * the remote suggests.
 */
public record RepositoryLinks(String base, Host host, LinkTemplates templates) {

    /** The web views whose URL shapes are known. */
    public enum Host { GITHUB, GITLAB, BITBUCKET, GITEA }

    public RepositoryLinks(String base, Host host) {
        this(base, host, LinkTemplates.NONE);
    }

    /**
     * The links of a report: the contract's templates ({@code links:}) where it gives them, else from the remote; a
     * link neither gives is left out (a file without a link shows as text).
     */
    public static Optional<RepositoryLinks> of(Report report) {
        GitInfo git = report.git();
        if (!git.present() || git.commit().isEmpty()) {
            return Optional.empty();
        }
        return of(git.repository(), report.contract().links());
    }

    /** The links for a remote URL, the contract's templates ({@code links:}) winning where they are given. */
    public static Optional<RepositoryLinks> of(String remote, LinkTemplates t) {
        Optional<RepositoryLinks> fromRemote = of(remote);
        if (t.isEmpty()) {
            return fromRemote;
        }
        return Optional.of(new RepositoryLinks(fromRemote.map(RepositoryLinks::base).orElse(null), fromRemote.map(RepositoryLinks::host).orElse(null), t));
    }

    private static final Pattern SCP = Pattern.compile("^(?:[\\w.-]+@)?([\\w.-]+):(?!//)(.+)$");
    private static final Pattern URL = Pattern.compile("^(?:https?|ssh|git)://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/(.+)$");

    /** The links for a remote URL ({@code git@github.com:o/r.git}, {@code https://gitlab.com/g/s/r.git} …). */
    public static Optional<RepositoryLinks> of(String remote) {
        String host;
        String path;
        Matcher url = URL.matcher(remote.strip());
        Matcher scp = SCP.matcher(remote.strip());
        if (url.matches()) {
            host = url.group(1);
            path = url.group(2);
        } else if (scp.matches() && !remote.startsWith("/")) {
            host = scp.group(1);
            path = scp.group(2);
        } else {
            return Optional.empty();
        }
        path = path.replaceAll("\\.git/?$", "").replaceAll("/+$", "");
        if (path.isEmpty() || !path.contains("/")) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        // bitbucket.org only: Bitbucket Server browses files under another shape (/projects/P/repos/r/browse)
        Host kind = h.contains("github") ? Host.GITHUB : h.contains("gitlab") ? Host.GITLAB : h.equals("bitbucket.org") ? Host.BITBUCKET
                : h.contains("gitea") || h.contains("codeberg") || h.contains("forgejo") ? Host.GITEA : null;
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new RepositoryLinks("https://" + host + "/" + path, kind));
    }

    /** The file at the commit, at the line when known (line 0: the file); empty when neither a template nor the host gives it. */
    public Optional<String> file(String commit, String path, int line) {
        String p = encode(path);
        Optional<String> templated = templates.file(commit, p, line);
        if (templated.isPresent() || host == null) {
            return templated;
        }
        return Optional.of(switch (host) {
            case GITHUB -> base + "/blob/" + commit + "/" + p + (line > 0 ? "#L" + line : "");
            case GITLAB -> base + "/-/blob/" + commit + "/" + p + (line > 0 ? "#L" + line : "");
            case BITBUCKET -> base + "/src/" + commit + "/" + p + (line > 0 ? "#lines-" + line : "");
            case GITEA -> base + "/src/commit/" + commit + "/" + p + (line > 0 ? "#L" + line : "");
        });
    }

    /** The commit's page; empty when neither a template nor the host gives it. */
    public Optional<String> commit(String commit) {
        Optional<String> templated = templates.commit(commit);
        if (templated.isPresent() || host == null) {
            return templated;
        }
        return Optional.of(switch (host) {
            case GITHUB, GITEA -> base + "/commit/" + commit;
            case GITLAB -> base + "/-/commit/" + commit;
            case BITBUCKET -> base + "/commits/" + commit;
        });
    }

    /** A repository path in a URL: each byte outside the unreserved set and {@code /} percent-encoded. */
    static String encode(String path) {
        StringBuilder b = new StringBuilder();
        for (byte by : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (by & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~".indexOf(c) >= 0)) {
                b.append(c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", by & 0xff));
            }
        }
        return b.toString();
    }
}
