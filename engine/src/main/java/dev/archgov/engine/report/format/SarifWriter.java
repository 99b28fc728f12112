package dev.archgov.engine.report.format;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.LogicalLocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.RunAutomationDetails;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Suppression;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.contrastsecurity.sarif.VersionControlDetails;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.archgov.engine.git.GitInfo;
import dev.archgov.engine.report.BaselineEntry;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;
import dev.archgov.engine.report.SuppressedFinding;
import dev.archgov.engine.report.SuppressionNotice;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * SARIF 2.1.0, built on the object model generated from the OASIS schema (java-sarif), for GitHub code scanning,
 * Azure DevOps and any SARIF viewer.
 *
 * <ul>
 *   <li>one {@code reportingDescriptor} per evaluated rule, with its message, kind, category and default level;</li>
 *   <li>one result per finding; locations are repository-relative under {@code %SRCROOT%}, plus the logical element;</li>
 *   <li>{@code partialFingerprints["archgov/v1"]} is the finding's fingerprint, so code scanning tracks a finding
 *       across line moves exactly as baselines and gates do;</li>
 *   <li>suppressed findings are results with an external, accepted suppression and its reason (viewers hide them);</li>
 *   <li>compared with a base (a baseline file, or the gate's merge-base), new findings are {@code baselineState: new},
 *       known ones {@code unchanged}, and fixed ones are {@code absent} results of kind {@code pass};</li>
 *   <li>expired and unused suppressions are tool configuration notifications.</li>
 * </ul>
 */
public final class SarifWriter implements ReportWriter {
    static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT_KEY = "archgov/v1";
    private static final String SRCROOT = "%SRCROOT%";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static final URI INFORMATION_URI = URI.create("https://archgov.dev");
    private final boolean compared;

    /** @param compared the report was compared with a base: every result carries its {@code baselineState} */
    public SarifWriter(boolean compared) {
        this.compared = compared;
    }

    /** The kinds' explain pages (their Markdown docs), from the kinds on the class path: the SARIF rule help. */
    static Function<String, Optional<String>> kindDocs() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : SarifWriter.class.getClassLoader();
        RuleKinds kinds = RuleKinds.load(loader);
        return kind -> kinds.find(kind).map(k -> k.meta().docs());
    }

    public SarifWriter() {
        this(false);
    }

    @Override
    public String format() {
        return "sarif";
    }

    @Override
    public String fileName() {
        return "archgov.sarif";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        out.write(MAPPER.writeValueAsString(log(report, compared)));
        out.write(System.lineSeparator());
        out.flush();
    }

    static SarifSchema210 log(Report report, boolean compared) {
        Map<String, Integer> ruleIndex = new HashMap<>();
        Set<ReportingDescriptor> descriptors = new LinkedHashSet<>();
        Function<String, Optional<String>> docsOf = kindDocs();
        for (RuleResult rule : report.rules()) {
            ruleIndex.put(rule.id(), descriptors.size());
            descriptors.add(descriptor(report, rule, docsOf.apply(rule.kind())));
        }
        boolean withBaseline = compared || !report.baselined().isEmpty() || !report.staleBaseline().isEmpty();
        Levels.Verdict verdict = Levels.verdict(report);
        List<Result> results = new ArrayList<>();
        for (Finding f : report.findings()) {
            results.add(result(verdict, f, ruleIndex).withBaselineState(withBaseline ? Result.BaselineState.NEW : null));
        }
        for (Finding f : report.baselined()) {
            results.add(result(verdict, f, ruleIndex).withBaselineState(Result.BaselineState.UNCHANGED));
        }
        for (BaselineEntry fixed : report.staleBaseline()) {
            results.add(absent(fixed, ruleIndex));
        }
        for (SuppressedFinding s : report.suppressed()) {
            Suppression suppression = new Suppression().withKind(Suppression.Kind.EXTERNAL)
                    .withStatus(Suppression.Status.ACCEPTED).withJustification(s.reason())
                    .withProperties(new PropertyBag().withAdditionalProperty("suppressedAt", s.suppressedAt()));
            results.add(result(verdict, s.finding(), ruleIndex).withSuppressions(new LinkedHashSet<>(List.of(suppression))));
        }

        Run run = new Run()
                .withTool(new Tool().withDriver(new ToolComponent()
                        .withName("archgov")
                        .withInformationUri(INFORMATION_URI)
                        .withVersion(report.tool())
                        .withSemanticVersion(semantic(report.tool()))
                        .withRules(descriptors)))
                .withAutomationDetails(new RunAutomationDetails().withId("archgov/" + report.contract().name() + "/"))
                .withInvocations(List.of(invocation(report)))
                .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
                .withResults(results)
                .withProperties(new PropertyBag()
                        .withAdditionalProperty("contract", report.contract().name())
                        .withAdditionalProperty("contractHash", report.contract().hash())
                        .withAdditionalProperty("score", report.score().applicable() ? report.score().overall() : null)
                        .withAdditionalProperty("scoreBand", report.score().band().label())
                        .withAdditionalProperty("scoreVersion", report.score().version())
                        .withAdditionalProperty("categories", report.score().categories())
                        .withAdditionalProperty("passed", report.passed())
                        .withAdditionalProperty("failOn", report.failOn().label()));
        GitInfo git = report.git();
        if (git.present()) {
            VersionControlDetails vcs = new VersionControlDetails().withRevisionId(git.commit())
                    .withMappedTo(new ArtifactLocation().withUri("").withUriBaseId(SRCROOT));
            repositoryUri(git).ifPresent(vcs::setRepositoryUri);
            if (!git.branch().isEmpty() && !git.detached()) {
                vcs.setBranch(git.branch());
            }
            if (vcs.getRepositoryUri() != null) {
                run.setVersionControlProvenance(new LinkedHashSet<>(List.of(vcs)));
            }
            if (!git.root().isEmpty()) {
                String root = Path.of(git.root()).toAbsolutePath().toUri().toString();
                run.setOriginalUriBaseIds(new OriginalUriBaseIds().withAdditionalProperty(SRCROOT,
                        new ArtifactLocation().withUri(root.endsWith("/") ? root : root + "/")));
            }
        }
        return new SarifSchema210().with$schema(URI.create(SCHEMA_URI)).withVersion(SarifSchema210.Version._2_1_0)
                .withRuns(List.of(run));
    }

    private static ReportingDescriptor descriptor(Report report, RuleResult rule, Optional<String> docs) {
        ReportingDescriptor d = new ReportingDescriptor()
                .withId(rule.id())
                .withName(pascal(rule.kind()))
                .withShortDescription(new MultiformatMessageString().withText(rule.message()))
                .withFullDescription(new MultiformatMessageString().withText(rationale(docs).map(r -> r + " ").orElse("") + "(" + rule.message()
                        + "; " + rule.kind() + ", category " + rule.category() + ", severity " + rule.severity().label() + ")"))
                .withDefaultConfiguration(new ReportingConfiguration().withLevel(ruleLevel(Levels.ofRule(report, rule.severity()))))
                .withProperties(new PropertyBag()
                        .withTags(new LinkedHashSet<>(List.of("architecture", rule.category(), rule.severity().label())))
                        .withAdditionalProperty("problem.severity", problemSeverity(Levels.ofRule(report, rule.severity())))
                        .withAdditionalProperty("archgov.severity", rule.severity().label())
                        .withAdditionalProperty("archgov.compliance", rule.compliance()));
        helpUri(rule.docs()).ifPresent(d::setHelpUri);
        docs.ifPresent(md -> d.setHelp(new MultiformatMessageString().withText(plain(md)).withMarkdown(md)));
        return d;
    }

    /** The first paragraph of the explain page's Rationale, as plain text. */
    static Optional<String> rationale(Optional<String> docs) {
        return docs.flatMap(md -> {
            int at = md.indexOf("## Rationale");
            if (at < 0) {
                return Optional.empty();
            }
            String rest = md.substring(at + "## Rationale".length()).strip();
            int end = rest.indexOf("\n\n");
            String paragraph = (end < 0 ? rest : rest.substring(0, end)).replace('\n', ' ');
            return paragraph.isBlank() || paragraph.startsWith("#") ? Optional.empty() : Optional.of(plain(paragraph).strip());
        });
    }

    /** Markdown as plain text for viewers that show {@code help.text}: headings, emphasis and code marks dropped. */
    static String plain(String markdown) {
        return markdown.replaceAll("(?m)^#+\\s*", "").replace("**", "").replace("`", "");
    }

    private static Result result(Levels.Verdict verdict, Finding f, Map<String, Integer> ruleIndex) {
        PhysicalLocation physical = physical(f.path(), f.line(), f.column());
        LogicalLocation logical = new LogicalLocation().withFullyQualifiedName(f.element())
                .withKind(f.element().equals(f.className()) ? "type" : "member");
        PropertyBag properties = new PropertyBag().withAdditionalProperty("archgov.severity", f.severity().label())
                .withAdditionalProperty("category", f.category());
        if (!f.target().isEmpty()) {
            properties.setAdditionalProperty("target", f.target());
        }
        return new Result()
                .withRuleId(f.ruleId())
                .withRuleIndex(ruleIndex.get(f.ruleId()))
                .withLevel(level(verdict.of(f)))
                .withMessage(new Message().withText(f.message() + ". " + f.detail()))
                .withLocations(List.of(new Location().withPhysicalLocation(physical)
                        .withLogicalLocations(new LinkedHashSet<>(List.of(logical)))))
                .withPartialFingerprints(new PartialFingerprints().withAdditionalProperty(FINGERPRINT_KEY, f.fingerprint()))
                .withProperties(properties);
    }

    /** A finding of the base that no longer occurs: SARIF's {@code absent}, a passing result at its old place. */
    private static Result absent(BaselineEntry fixed, Map<String, Integer> ruleIndex) {
        PhysicalLocation physical = physical(fixed.path(), fixed.line(), 0);
        return new Result()
                .withRuleId(fixed.ruleId())
                .withRuleIndex(ruleIndex.get(fixed.ruleId()))
                .withKind(Result.Kind.PASS)
                .withLevel(Result.Level.NONE)
                .withMessage(new Message().withText("Fixed: no longer occurs in " + fixed.element()
                        + (fixed.target().isEmpty() ? "" : " (" + fixed.target() + ")")))
                .withLocations(List.of(new Location().withPhysicalLocation(physical)))
                .withPartialFingerprints(new PartialFingerprints().withAdditionalProperty(FINGERPRINT_KEY, fixed.fingerprint()))
                .withBaselineState(Result.BaselineState.ABSENT);
    }

    /** A repository-relative file under {@code %SRCROOT%}, with its line when there is one. */
    private static PhysicalLocation physical(String path, int line, int column) {
        PhysicalLocation physical = new PhysicalLocation()
                .withArtifactLocation(new ArtifactLocation().withUri(path).withUriBaseId(SRCROOT));
        if (line > 0) {
            physical.setRegion(column > 0 ? new Region().withStartLine(line).withStartColumn(column) : new Region().withStartLine(line));
        }
        return physical;
    }

    private static Invocation invocation(Report report) {
        List<Notification> notices = new ArrayList<>();
        for (SuppressionNotice n : report.notices()) {
            notices.add(new Notification().withLevel(Notification.Level.WARNING).withMessage(new Message().withText(
                    n.kind() + " suppression of " + n.rule() + " at " + n.where() + " (" + n.at() + "): " + n.reason())));
        }
        List<Notification> execution = new ArrayList<>();
        for (String leftOut : report.target().leftOut()) { // unreadable (analyze.onUnreadable: warn), second copies of a class
            execution.add(new Notification().withLevel(Notification.Level.WARNING)
                    .withMessage(new Message().withText("left out (the run is incomplete), " + leftOut)));
        }
        return new Invocation().withExecutionSuccessful(true)
                .withToolConfigurationNotifications(notices.isEmpty() ? null : notices)
                .withToolExecutionNotifications(execution.isEmpty() ? null : execution);
    }

    /** SARIF's level for archgov's one verdict table ({@link Levels}). */
    static Result.Level level(Levels level) {
        return switch (level) {
            case ERROR -> Result.Level.ERROR;
            case WARNING -> Result.Level.WARNING;
            case NOTE -> Result.Level.NOTE;
        };
    }

    private static ReportingConfiguration.Level ruleLevel(Levels level) {
        return ReportingConfiguration.Level.fromValue(level(level).value());
    }

    private static String problemSeverity(Levels level) {
        return switch (level) {
            case ERROR -> "error";
            case WARNING -> "warning";
            default -> "recommendation";
        };
    }

    /** {@code forbidden-dependency} becomes {@code ForbiddenDependency}. */
    static String pascal(String kind) {
        StringBuilder b = new StringBuilder();
        for (String part : kind.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** SARIF wants semver; archgov's Maven versions ({@code 0.1.0-SNAPSHOT}) already are, anything else is left out. */
    private static String semantic(String version) {
        return version.matches("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?") ? version : null;
    }

    private static Optional<URI> helpUri(String docs) {
        return absolute(docs).filter(u -> u.getScheme().startsWith("http"));
    }

    /** The remote URL when it is one (scp-style {@code git@host:path} becomes {@code ssh://}); a local root as file URI. */
    private static Optional<URI> repositoryUri(GitInfo git) {
        String repo = git.repository();
        if (repo.matches("[\\w.-]+@[\\w.-]+:.+") && !repo.contains("://")) {
            int colon = repo.indexOf(':');
            repo = "ssh://" + repo.substring(0, colon) + "/" + repo.substring(colon + 1);
        }
        Optional<URI> uri = absolute(repo);
        if (uri.isPresent()) {
            return uri;
        }
        return repo.isEmpty() ? Optional.empty() : Optional.of(Path.of(repo).toAbsolutePath().toUri());
    }

    private static Optional<URI> absolute(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getScheme().length() > 1 ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
