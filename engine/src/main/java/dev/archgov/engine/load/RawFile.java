package dev.archgov.engine.load;

import dev.archgov.engine.contract.Analyze;
import dev.archgov.engine.contract.GatePolicy;
import dev.archgov.engine.contract.Layer;
import dev.archgov.engine.contract.LinkTemplates;
import dev.archgov.engine.contract.Scoring;
import dev.archgov.engine.contract.Suppression;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One contract file as written, before merging. */
record RawFile(String label, String key, Path dir, Integer version, String name, List<RawRule> rules,
                       Map<String, Layer> layers, Analyze analyze, List<Suppression> suppressions,
                       List<RawFile> parents, List<String> extendsRefs, Scoring scoring, GatePolicy gate, String docsBaseUrl, LinkTemplates links, boolean parsed) {
}
