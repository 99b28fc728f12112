package dev.archgov.cli;

import dev.archgov.engine.Archgov;
import dev.archgov.engine.eval.CheckRunner;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.format.ReportFormats;
import dev.archgov.engine.report.format.Styler;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The pull-request outputs: the Markdown comment and GitHub Actions annotations plus step summary. */
class PullRequestOutputsTest {
    static Report report;
    static final ReportFormats FORMATS = new ReportFormats(Styler.PLAIN);

    @BeforeAll
    static void analyse() {
        report = Archgov.check(Path.of("../examples/shop/archgov.yaml"), CheckRunner.Options.defaults());
    }

    static String render(String format, Report r) throws Exception {
        StringWriter out = new StringWriter();
        FORMATS.find(format).orElseThrow().write(r, out);
        return out.toString();
    }

    @Test
    void markdownShowsScoreCategoriesAndCapsTheFindings() throws Exception {
        String md = render("markdown", report);
        assertThat(md).startsWith("## archgov · shop · Health ").contains("**Failed**", "| category | score | |");
        for (String category : report.score().categories().keySet()) {
            assertThat(md).contains("| " + category + " | ");
        }
        long rows = md.lines().filter(l -> l.matches("\\| [A-Z]+(-[A-Z0-9]+)+ \\| .*")).count();
        assertThat(rows).isEqualTo(25);
        assertThat(md).contains("_…and " + (report.findings().size() - 25) + " more (see the full report)._");
    }

    /**
     * Rendered as GitHub renders it (CommonMark with tables): a collapsed section per rule, the first open, each holding its
     * findings' table; text that looks like markup ({@code <init>}) is shown, not swallowed; the full report linked when
     * its address is given.
     */
    @Test
    void markdownRendersToOneCollapsedSectionPerRuleWithItsTable() throws Exception {
        StringWriter out = new StringWriter();
        new ReportFormats(Styler.PLAIN, false, Optional.of("https://ci.acme.example/job/1/artifacts")).find("markdown").orElseThrow().write(report, out);
        String md = out.toString();
        List<Extension> tables = List.of(TablesExtension.create());
        String html = HtmlRenderer.builder().extensions(tables).build().render(Parser.builder().extensions(tables).build().parse(md));
        long rulesShown = md.lines().filter(l -> l.startsWith("<details")).count();
        assertThat(rulesShown).isPositive();
        assertThat(md.lines().filter(l -> l.startsWith("<details open>")).count()).isEqualTo(1);
        assertThat(html.split("<table>", -1).length - 1).isEqualTo(1 + (int) rulesShown); // the categories, then each section's table
        assertThat(html).contains("<summary><code>" + report.findings().get(0).ruleId() + "</code>");
        assertThat(html).contains("<a href=\"https://ci.acme.example/job/1/artifacts\">Full report</a>", "<a href=\"https://ci.acme.example/job/1/artifacts\">full report</a>");
        long categoryRows = 1 + report.score().categories().size() + report.score().notApplicable().size();
        assertThat(html.split("<tr>", -1).length - 1).isEqualTo(categoryRows + 25 + rulesShown); // 25 findings and a header row per table
        if (report.findings().stream().anyMatch(f -> f.detail().contains("<init>"))) {
            assertThat(html).contains("&lt;init&gt;");
        }
    }

    @Test
    void markdownAgainstABaselineShowsNewAndFixed() throws Exception {
        var first = report.findings().get(0);
        BaselineEntry gone = new BaselineEntry("0".repeat(32), "LOCK-01", "com.acme.Old.take()", "", "src/Old.java", 3);
        Report withBaseline = report.withBaseline(List.of(BaselineEntry.of(first), gone));
        String md = render("markdown", withBaseline);
        assertThat(md).contains("(new; 1 known to the baseline)", "### Fixed (1)", "- LOCK-01 `com.acme.Old.take()` (src/Old.java:3)");
    }

    @Test
    void insideGitHubActionsAnnotationsAndTheStepSummaryAreWritten(@TempDir Path dir) throws Exception {
        Path summary = Files.writeString(dir.resolve("summary.md"), "earlier step\n");
        StringWriter out = new StringWriter();
        GitHubActions.publish(report, Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()),
                new PrintWriter(out, true), FORMATS);
        List<String> annotations = out.toString().lines().toList();
        // every shop finding fails the run (--fail-on minor): GitHub shows 10 errors per step, one notice counts the rest
        int leftOut = report.findings().size() - 10;
        assertThat(annotations).hasSize(11);
        assertThat(annotations.subList(0, 10)).allSatisfy(a -> assertThat(a).matches("::error file=[^,]+\\.(java(,line=\\d+)?|(ya?ml|properties),line=\\d+,col=\\d+),title=[^:]+::.+"));
        assertThat(annotations.get(0)).contains("(blocker)"); // the worst first
        assertThat(annotations.get(10)).startsWith("::notice title=archgov%3A " + leftOut + " more findings::" + leftOut + " more findings are not annotated");
        assertThat(Files.readString(summary)).startsWith("earlier step\n## archgov · shop · Health");

        StringWriter outside = new StringWriter();
        GitHubActions.publish(report, Map.of(), new PrintWriter(outside, true), FORMATS);
        assertThat(outside.toString()).isEmpty();
    }

    @Test
    void aStepSummaryThatCannotBeWrittenIsAWarningNotAFailure(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        GitHubActions.publish(report, Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", dir.toString()), // a directory
                new PrintWriter(out, true), new PrintWriter(err, true), FORMATS);
        assertThat(out.toString().lines()).hasSize(11); // 10 errors and the notice counting the rest
        assertThat(err.toString()).startsWith("archgov: warning: the step summary $GITHUB_STEP_SUMMARY (" + dir + ") cannot be written");
    }
}
