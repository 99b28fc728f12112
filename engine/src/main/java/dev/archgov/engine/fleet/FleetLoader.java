package dev.archgov.engine.fleet;

import dev.archgov.engine.RequestException;
import dev.archgov.engine.audit.AuditSelection;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.contract.SourcePos;
import dev.archgov.engine.load.NodeReader;
import dev.archgov.engine.load.YamlSource;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code fleet.yaml} as strictly as a contract (safe YAML, unknown keys refused, every problem at its line and
 * column):
 * <pre>{@code
 * version: 1
 * repositories:
 *   - name: shop
 *     location: https://git.acme.example/shop.git   # or a local path
 *     branch: main
 *     contract: archgov.yaml                        # relative to the repository root (default)
 *     build: mvn -q -B -DskipTests package          # default: the contract's build:, else guessed
 *     last: 50                                      # or since: 2026-01-01, range: v1.0..main
 *     per: week                                     # or every: 5
 * }</pre>
 */
public final class FleetLoader {
    static final List<String> KEYS = List.of("version", "repositories");
    static final List<String> REPOSITORY_KEYS = List.of("name", "location", "branch", "contract", "build", "last", "since", "range", "every", "per");

    private FleetLoader() {
    }

    public static Fleet load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ContractException(SourcePos.file(file.toString()), "cannot read the fleet file: " + e.getMessage());
        }
        Node root = YamlSource.parse(file.toString(), text);
        List<ContractProblem> problems = new ArrayList<>();
        NodeReader r = new NodeReader(file.toString(), problems);
        List<Fleet.Repository> repositories = new ArrayList<>();
        Map<String, Node> top = root == null ? null : r.mapping(root, "fleet", KEYS);
        if (top != null) {
            Long version = top.containsKey("version") ? r.integer(top.get("version"), "version") : null;
            if (version == null || version != 1) {
                r.problem(top.getOrDefault("version", root), "version: this archgov reads fleet files of version 1");
            }
            List<Node> items = top.containsKey("repositories") ? r.sequence(top.get("repositories"), "repositories") : null;
            if (items == null || items.isEmpty()) {
                r.problem(top.getOrDefault("repositories", root), "repositories: list at least one repository");
            } else {
                Set<String> names = new HashSet<>();
                for (Node item : items) {
                    Fleet.Repository repo = repository(r, item, file);
                    if (repo != null && !names.add(repo.name())) {
                        r.problem(item, "repositories: the name '" + repo.name() + "' is given twice");
                    } else if (repo != null) {
                        repositories.add(repo);
                    }
                }
            }
        } else if (root == null) {
            problems.add(new ContractProblem(SourcePos.file(file.toString()), "the fleet file is empty"));
        }
        if (!problems.isEmpty()) {
            throw new ContractException(problems);
        }
        return new Fleet(file, List.copyOf(repositories));
    }

    private static Fleet.Repository repository(NodeReader r, Node item, Path file) {
        Map<String, Node> f = r.mapping(item, "repositories entry", REPOSITORY_KEYS);
        if (f == null) {
            return null;
        }
        String name = f.containsKey("name") ? r.string(f.get("name"), "name") : null;
        String location = f.containsKey("location") ? r.string(f.get("location"), "location") : null;
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            r.problem(f.getOrDefault("name", item), "name: give each repository a short name (letters, digits, '.', '_', '-')");
            return null;
        }
        if (location == null || location.isBlank()) {
            r.problem(item, "location: give a local path or a clone URL");
            return null;
        }
        String resolved = location.contains("://") || location.startsWith("git@") ? location
                : file.toAbsolutePath().getParent().resolve(location).normalize().toString();
        String branch = f.containsKey("branch") ? r.string(f.get("branch"), "branch") : "main";
        String contract = f.containsKey("contract") ? r.string(f.get("contract"), "contract") : "archgov.yaml";
        Optional<String> build = f.containsKey("build") ? Optional.ofNullable(r.string(f.get("build"), "build")) : Optional.empty();
        Optional<Integer> last = f.containsKey("last") ? Optional.ofNullable(r.integer(f.get("last"), "last")).map(Long::intValue) : Optional.empty();
        Optional<Integer> every = f.containsKey("every") ? Optional.ofNullable(r.integer(f.get("every"), "every")).map(Long::intValue) : Optional.empty();
        Optional<AuditSelection.Period> per = Optional.empty();
        if (f.containsKey("per")) {
            String p = r.string(f.get("per"), "per");
            try {
                per = Optional.ofNullable(p).map(v -> AuditSelection.Period.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                r.problem(f.get("per"), "per: '" + p + "' is not one of day, week, month");
            }
        }
        try {
            AuditSelection selection = new AuditSelection(f.containsKey("since") ? Optional.ofNullable(r.date(f.get("since"), "since")) : Optional.empty(),
                    last, f.containsKey("range") ? Optional.ofNullable(r.string(f.get("range"), "range")) : Optional.empty(), every, per,
                    Optional.ofNullable(branch));
            return new Fleet.Repository(name, resolved, branch == null ? "main" : branch, contract == null ? "archgov.yaml" : contract, build, selection);
        } catch (RequestException e) {
            r.problem(item, e.getMessage());
            return null;
        }
    }
}
