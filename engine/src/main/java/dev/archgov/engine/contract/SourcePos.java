package dev.archgov.engine.contract;

/** Where something was written: a file (or {@code builtin:NAME}), 1-based line and column; line 0 = whole file. */
public record SourcePos(String file, int line, int column) {

    public static SourcePos file(String file) {
        return new SourcePos(file, 0, 0);
    }

    /** Whether it was written in a bundled pack ({@code builtin:NAME}), not in one of the team's files. */
    public boolean builtin() {
        return file.startsWith("builtin:");
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
