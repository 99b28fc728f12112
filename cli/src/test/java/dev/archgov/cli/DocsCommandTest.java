package dev.archgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * archgov docs: the rule reference as static pages (every bundled rule and kind, a contract's own rules), every link
 * between them resolving; a contract's docsBaseUrl links each rule without a docs link of its own to its page in every
 * report.
 */
class DocsCommandTest {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    @Test
    void everyBundledRuleAndKindHasAPageAndEveryLinkResolves(@TempDir Path out) throws IOException {
        Cli run = Cli.run("docs", "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("index.html", "pages");
        String index = Files.readString(out.resolve("index.html"));
        assertThat(index).contains("LOCK-01", "CACHE-01", "POOL-03", "SAGA-06", "GEN-CYCLE-01", "lock-inside-transaction");
        String kind = Files.readString(out.resolve("kinds/lock-inside-transaction.html"));
        assertThat(kind).contains("<h2>Rationale</h2>", "<h2>Bad</h2>", "<h2>Good</h2>", "<h2>Parameters</h2>", "<code>acquires</code>",
                "../rules/LOCK-02.html");
        assertThat(Files.readString(out.resolve("rules/LOCK-02.html"))).contains("LOCK-02", "../kinds/lock-inside-transaction.html", "Rationale");
        List<String> broken = new ArrayList<>();
        try (Stream<Path> pages = Files.walk(out)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".html")).toList()) {
                String html = Files.readString(page);
                assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</body></html>\n").doesNotContain("<script");
                Matcher m = HREF.matcher(html);
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.startsWith("http") && !Files.isRegularFile(page.getParent().resolve(target).normalize())) {
                        broken.add(out.relativize(page) + " -> " + target);
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void aContractsRulesGetPagesAndItsDocsBaseUrlLinksThemInTheReports(@TempDir Path dir) throws IOException {
        Path contract = dir.resolve("archgov.yaml");
        Files.writeString(contract, """
                version: 1
                name: team
                docsBaseUrl: https://docs.acme.example/archgov
                extends: [builtin:lock]
                analyze:
                  classes: [%s]
                rules:
                  - id: TEAM-NO-SQL-IN-WEB
                    kind: forbidden-dependency
                    message: "Controllers <never> touch java.sql"
                    params:
                      from: [{packages: ["..web.."]}]
                      to: [{packages: ["java.sql.."]}]
                  - id: TEAM-OWN-DOCS
                    kind: forbidden-dependency
                    docs: https://wiki.acme.example/rules/own
                    params:
                      from: [{packages: ["..web.."]}]
                      to: [{packages: ["java.rmi.."]}]
                """.formatted(Path.of("../examples/shop/target/classes").toAbsolutePath().normalize()));
        Path site = dir.resolve("site");
        assertThat(Cli.run("docs", "-o", site.toString(), "--contract", contract.toString()).exit()).isEqualTo(ExitCodes.OK);
        String page = Files.readString(site.resolve("rules/TEAM-NO-SQL-IN-WEB.html"));
        assertThat(page).contains("Controllers &lt;never&gt; touch java.sql", "forbidden-dependency", "from team");

        Cli check = Cli.run("check", contract.toString(), "--no-cache", "--format=json");
        JsonNode rules = new ObjectMapper().readTree(check.out()).path("rules");
        List<String> docs = new ArrayList<>();
        rules.forEach(r -> docs.add(r.path("id").asText() + " " + r.path("docs").asText()));
        assertThat(docs).contains("TEAM-NO-SQL-IN-WEB https://docs.acme.example/archgov/rules/TEAM-NO-SQL-IN-WEB.html",
                "LOCK-01 https://docs.acme.example/archgov/rules/LOCK-01.html",
                "TEAM-OWN-DOCS https://wiki.acme.example/rules/own"); // a rule's own link stays
        Cli markdown = Cli.run("check", contract.toString(), "--no-cache", "--format=markdown");
        assertThat(markdown.out()).contains("| [LOCK-01](https://docs.acme.example/archgov/rules/LOCK-01.html) |");
        Cli sarif = Cli.run("check", contract.toString(), "--no-cache", "--format=sarif");
        assertThat(sarif.out()).contains("\"helpUri\" : \"https://docs.acme.example/archgov/rules/LOCK-01.html\"");
    }
}
