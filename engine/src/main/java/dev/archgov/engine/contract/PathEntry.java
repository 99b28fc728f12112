package dev.archgov.engine.contract;

import java.nio.file.Path;

/** A path from the contract, resolved against the contract's directory, with where it was written. */
public record PathEntry(Path path, String written, SourcePos pos) {
}
