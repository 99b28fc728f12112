package dev.archgov.engine.load;

import com.tngtech.archunit.lang.ArchRule;
import dev.archgov.engine.contract.Severity;
import dev.archgov.spi.ParamSpec;
import dev.archgov.spi.ParamType;
import dev.archgov.spi.RuleContext;
import dev.archgov.spi.RuleKind;
import dev.archgov.spi.RuleMeta;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** A kind with one parameter of every type, so the loader is tested without any real rule kind. */
public final class TestKind implements RuleKind {
    @Override
    public String name() {
        return "test-kind";
    }

    @Override
    public RuleMeta meta() {
        return RuleMeta.of(TestKind.class, "Test kind", "testing", Severity.MAJOR);
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.optional("text", ParamType.STRING, "a string"),
                ParamSpec.oneOf("mode", "an enum", "a", "b"),
                ParamSpec.optional("names", ParamType.STRING_LIST, "strings"),
                ParamSpec.optional("flag", ParamType.BOOLEAN, "a flag"),
                ParamSpec.optional("count", ParamType.INTEGER, "a number"),
                ParamSpec.optional("layers", ParamType.LAYER_LIST, "layers"),
                ParamSpec.optional("packages", ParamType.PACKAGE_LIST, "packages"),
                ParamSpec.optional("selector", ParamType.SELECTOR, "a selector"),
                ParamSpec.optional("selectors", ParamType.SELECTOR_LIST, "selectors"));
    }

    @Override
    public ArchRule compile(RuleContext context) {
        return noClasses().should().haveSimpleName("Nothing");
    }
}
