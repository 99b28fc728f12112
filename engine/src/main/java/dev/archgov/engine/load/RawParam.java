package dev.archgov.engine.load;

import org.yaml.snakeyaml.nodes.Node;

record RawParam(Node key, Node node, NodeReader reader) {
}
