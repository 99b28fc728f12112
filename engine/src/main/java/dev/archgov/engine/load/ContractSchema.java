package dev.archgov.engine.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archgov.engine.contract.ClassSelector;
import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.kinds.RuleKinds;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.RuleKind;

import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of contract format v1 for the given rule kinds, so editors can complete and check
 * contracts. Generated from the same key lists and parameter specs the loader enforces, so it cannot drift.
 */
public final class ContractSchema {
    public static final String ID = "https://archgov.dev/schema/contract-v1.schema.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ContractSchema() {
    }

    public static ObjectNode generate(RuleKinds kinds) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", ID);
        root.put("title", "archgov architecture contract, format v1");
        root.put("type", "object");
        root.put("additionalProperties", false);
        root.putArray("required").add("version").add("name");
        ObjectNode props = root.putObject("properties");
        props.putObject("version").put("const", ContractLoader.FORMAT_VERSION).put("description", "Contract format version.");
        props.putObject("name").put("type", "string").put("minLength", 1).put("description", "Name of the contract.");
        stringArray(props.putObject("extends")).put("description", "Bundled packs (builtin:NAME) and files relative to this contract.");
        ObjectNode analyze = props.putObject("analyze");
        analyze.put("type", "object").put("additionalProperties", false).put("description", "What to analyse; paths relative to the contract.");
        ObjectNode ap = analyze.putObject("properties");
        for (String k : List.of("classes", "classpath", "sources", "exclude")) {
            stringArray(ap.putObject(k));
        }
        stringArray(ap.putObject("config")).put("description", "Configuration files and directories (searched recursively) the "
                + "configuration checkpoints read: Spring application*/bootstrap* files, Kubernetes, Istio and Jaeger manifests "
                + "(rendered Helm output, never templates).");
        ap.putObject("includeTests").put("type", "boolean");
        ap.putObject("release").put("type", "integer").put("minimum", 8).put("description", "The Java release the target runs on: "
                + "which versioned entries of a multi-release jar are analysed (default: the highest the jar holds).");
        ap.putObject("onUnreadable").put("type", "string").put("description", "A class file that cannot be read: 'fail' the run "
                + "(exit 3, the default) or 'warn': leave it out, warn in every format and mark the run incomplete.")
                .putArray("enum").add("fail").add("warn");
        ap.putObject("maven").put("type", "boolean").put("description", "Ask Maven (./mvnw or mvn: compile, then the dependency "
                + "plugin's build-classpath) for every module's class directory (when 'classes' is empty) and compile classpath.");
        ap.putObject("gradle").put("type", "boolean").put("description", "Ask Gradle (./gradlew or gradle, a bundled init script) "
                + "for every project's main class directories (when 'classes' is empty) and compile classpath.");
        checkKeys(analyze, ContractLoader.ANALYZE_KEYS);
        ObjectNode layers = props.putObject("layers");
        layers.put("type", "object").put("description", "Layer name -> package patterns (ArchUnit syntax), or "
                + "{packages, annotatedWith}: classes in those packages or annotated with those types (meta-annotations count).");
        layers.putObject("propertyNames").put("pattern", "^[A-Za-z][A-Za-z0-9_-]*$");
        ArrayNode layerForms = layers.putObject("additionalProperties").putArray("oneOf");
        stringArray(layerForms.addObject()).put("minItems", 1);
        ObjectNode layerObject = layerForms.addObject().put("type", "object").put("additionalProperties", false).put("minProperties", 1);
        stringArray(layerObject.putObject("properties").putObject("packages"));
        stringArray(((ObjectNode) layerObject.get("properties")).putObject("annotatedWith"));
        ObjectNode rules = props.putObject("rules");
        rules.put("type", "array");
        rules.set("items", rule(kinds));
        ObjectNode suppressions = props.putObject("suppressions");
        suppressions.put("type", "array");
        ObjectNode s = suppressions.putObject("items");
        s.put("type", "object").put("additionalProperties", false);
        s.putArray("required").add("rule").add("reason");
        ObjectNode sp = s.putObject("properties");
        sp.putObject("rule").put("type", "string").put("description", "Rule id or glob.");
        sp.putObject("where").put("type", "string").put("description", "Glob over the element (class or Class.method(params)).");
        sp.putObject("reason").put("type", "string").put("minLength", 1);
        sp.putObject("expires").put("type", "string").put("format", "date");
        checkKeys(s, ContractLoader.SUPPRESSION_KEYS);
        ObjectNode scoring = props.putObject("scoring");
        scoring.put("type", "object").put("additionalProperties", false).put("description", "Weights of the health score.");
        ObjectNode scp = scoring.putObject("properties");
        ObjectNode sevw = scp.putObject("severityWeights");
        sevw.put("type", "object").put("additionalProperties", false).put("description", "Points one finding of each severity "
                + "costs (score v2; defaults blocker 25, critical 10, major 2, minor 0.5, info 0); a lesser severity may not cost more.");
        ObjectNode sevp = sevw.putObject("properties");
        for (Severity v : Severity.values()) {
            sevp.putObject(v.label()).put("type", "number").put("minimum", 0);
        }
        ObjectNode catw = scp.putObject("categoryWeights");
        catw.put("type", "object").put("description", "Multiplier of a category's points in the overall score (default 1; 0 leaves it out).");
        catw.putObject("additionalProperties").put("type", "number").put("minimum", 0);
        checkKeys(scoring, ContractLoader.SCORING_KEYS);
        ObjectNode gate = props.putObject("gate");
        gate.put("type", "object").put("additionalProperties", false).put("description", "The pre-merge policy of 'archgov gate'.");
        ObjectNode gp = gate.putObject("properties");
        ArrayNode gsev = gp.putObject("failOnNew").put("type", "string").putArray("enum");
        for (Severity v : Severity.values()) {
            gsev.add(v.label());
        }
        gp.putObject("minScore").put("type", "number").put("minimum", 0).put("maximum", 100);
        gp.putObject("maxDrop").put("type", "number").put("minimum", 0);
        gp.putObject("allowContractChanges").put("type", "boolean").put("description", "Read from the base's contract: let a pull "
                + "request's contract remove, disable or re-grade rules, add suppressions or change the policy without failing the gate.");
        checkKeys(gate, ContractLoader.GATE_KEYS);
        props.putObject("build").put("type", "string").put("minLength", 1)
                .put("description", "Shell command that compiles the project from a clean checkout; 'archgov gate --analyze-base' runs it on the merge-base.");
        props.putObject("docsBaseUrl").put("type", "string").put("format", "uri").put("pattern", "^https?://")
                .put("description", "Where 'archgov docs -o DIR' was published: a rule without a docs link of its own links to its page there "
                        + "(SARIF helpUri, the JSON, text and Markdown reports).");
        ObjectNode links = props.putObject("links");
        links.put("type", "object").put("additionalProperties", false).put("description", "URL templates of the repository's web view, "
                + "for hosts archgov does not know from the remote (self-hosted GitLab or Gitea, Bitbucket Server); placeholders {commit}, {path}, {line}.");
        ObjectNode linkProps = links.putObject("properties");
        linkProps.putObject("fileUrl").put("type", "string").put("pattern", "^https?://")
                .put("description", "A file at a commit: {commit} and {path} required, {line} optional (e.g. https://git.acme.example/shop/-/blob/{commit}/{path}#L{line}).");
        linkProps.putObject("commitUrl").put("type", "string").put("pattern", "^https?://")
                .put("description", "A commit's page: {commit} required (e.g. https://git.acme.example/shop/-/commit/{commit}).");
        checkKeys(links, ContractLoader.LINK_KEYS);
        ObjectNode traits = props.putObject("traits");
        traits.put("type", "object").put("additionalProperties", false).put("description", "What kind of service this is (top-level "
                + "contract only); each trait switches on the rules such a service must keep: archgov explain traits.");
        ObjectNode tp = traits.putObject("properties");
        tp.putObject("readHeavy").put("type", "boolean").put("description", "true: builtin:traits-read-heavy (the cache pack, a Bloom "
                + "filter, a local cache level, change-data-capture).");
        tp.putObject("consistency").put("description", "strong: builtin:traits-strong-consistency (the saga pack, a saga or TCC "
                + "framework); eventual: nothing more.").putArray("enum").add("strong").add("eventual");
        checkKeys(traits, ContractLoader.TRAIT_KEYS);
        checkKeys(root, ContractLoader.TOP_KEYS);
        ObjectNode defs = root.putObject("$defs");
        ObjectNode selector = defs.putObject("selector");
        selector.put("type", "object").put("additionalProperties", false).put("minProperties", 1);
        ObjectNode selProps = selector.putObject("properties");
        for (String k : ClassSelector.KEYS) {
            switch (k) {
                case "nameMatching" -> selProps.putObject(k).put("type", "string");
                case "kind" -> {
                    ArrayNode typeKinds = selProps.putObject(k).put("type", "array").putObject("items").put("type", "string").putArray("enum");
                    ClassSelector.KINDS.forEach(typeKinds::add);
                }
                case "anyOf", "allOf" -> selProps.putObject(k).put("type", "array").put("minItems", 1).putObject("items").put("$ref", "#/$defs/selector");
                case "not" -> selProps.putObject(k).put("$ref", "#/$defs/selector");
                default -> stringArray(selProps.putObject(k));
            }
        }
        return root;
    }

    private static ObjectNode rule(RuleKinds kinds) {
        ObjectNode rule = MAPPER.createObjectNode();
        rule.put("type", "object").put("additionalProperties", false);
        rule.putArray("required").add("id");
        ObjectNode p = rule.putObject("properties");
        p.putObject("id").put("type", "string").put("pattern", "^[A-Za-z][A-Za-z0-9_.-]*$");
        ArrayNode kindEnum = p.putObject("kind").put("type", "string").putArray("enum");
        kinds.names().forEach(kindEnum::add);
        ArrayNode sev = p.putObject("severity").put("type", "string").putArray("enum");
        for (Severity v : Severity.values()) {
            sev.add(v.label());
        }
        p.putObject("category").put("type", "string").put("pattern", "^[A-Za-z][A-Za-z0-9_-]*$");
        p.putObject("message").put("type", "string");
        p.putObject("docs").put("type", "string").put("description", "A link explaining the rule.");
        p.putObject("enabled").put("type", "boolean");
        p.putObject("allowEmpty").put("type", "boolean").put("description",
                "Let a selector written in this rule's params match no analysed class (by default the rule then fails: it would check nothing there).");
        p.putObject("params").put("type", "object");
        checkKeys(rule, ContractLoader.RULE_KEYS);
        ArrayNode allOf = rule.putArray("allOf");
        for (RuleKind kind : kinds.all()) {
            ObjectNode branch = allOf.addObject();
            ObjectNode cond = branch.putObject("if");
            cond.putObject("properties").putObject("kind").put("const", kind.name());
            cond.putArray("required").add("kind");
            ObjectNode params = branch.putObject("then").putObject("properties").putObject("params");
            params.put("type", "object").put("additionalProperties", false).put("description", kind.meta().title());
            ObjectNode pp = params.putObject("properties");
            for (ParamSpec spec : kind.params()) {
                ObjectNode node = pp.putObject(spec.name());
                node.put("description", spec.description());
                switch (spec.type()) {
                    case STRING -> {
                        node.put("type", "string");
                        if (!spec.allowed().isEmpty()) {
                            ArrayNode e = node.putArray("enum");
                            spec.allowed().forEach(e::add);
                        }
                    }
                    case STRING_LIST, CODE_GLOBS, LAYER_LIST, PACKAGE_LIST -> stringArray(node);
                    case BOOLEAN -> node.put("type", "boolean");
                    case INTEGER -> node.put("type", "integer");
                    case SELECTOR -> node.put("$ref", "#/$defs/selector");
                    case SELECTOR_LIST -> node.put("type", "array").put("minItems", 1).putObject("items").put("$ref", "#/$defs/selector");
                }
            }
        }
        return rule;
    }

    private static ObjectNode stringArray(ObjectNode node) {
        node.put("type", "array");
        node.putObject("items").put("type", "string").put("minLength", 1);
        return node;
    }

    /** Guards against the schema and the loader disagreeing on which keys exist. */
    private static void checkKeys(ObjectNode object, List<String> keys) {
        List<String> declared = object.path("properties").propertyStream().map(Map.Entry::getKey).toList();
        if (!declared.equals(keys)) {
            throw new IllegalStateException("schema keys " + declared + " differ from loader keys " + keys);
        }
    }
}
