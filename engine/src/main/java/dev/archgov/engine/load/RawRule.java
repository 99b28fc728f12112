package dev.archgov.engine.load;

import dev.archgov.engine.contract.Severity;
import dev.archgov.engine.contract.SourcePos;
import org.yaml.snakeyaml.nodes.Node;

import java.util.LinkedHashMap;
import java.util.Map;

record RawRule(String id, String kind, Severity severity, String category, String message, String docs,
                       Boolean enabled, Boolean allowEmpty, Map<String, RawParam> params, SourcePos pos, Node idNode, NodeReader reader) {

    RawRule overriddenBy(RawRule o) {
        boolean replaceKind = o.kind != null && !o.kind.equals(kind);
        Map<String, RawParam> merged = replaceKind ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
        merged.putAll(o.params);
        return new RawRule(id, o.kind != null ? o.kind : kind,
                o.severity != null ? o.severity : (replaceKind ? null : severity),
                o.category != null ? o.category : (replaceKind ? null : category),
                o.message != null ? o.message : (replaceKind ? null : message),
                o.docs != null ? o.docs : (replaceKind ? null : docs),
                o.enabled != null ? o.enabled : (replaceKind ? null : enabled),
                o.allowEmpty != null ? o.allowEmpty : (replaceKind ? null : allowEmpty),
                merged, o.pos, o.idNode, o.reader);
    }
}
