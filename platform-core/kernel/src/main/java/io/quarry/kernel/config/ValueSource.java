package io.quarry.kernel.config;

import org.tomlj.TomlPosition;

/**
 * Where one value came from, phrased two ways: for error messages ({@code (quarry.toml line 14)},
 * {@code (from env QUARRY_X)}) and for {@code config show} comments ({@code quarry.toml:14}, {@code env QUARRY_X}).
 */
record ValueSource(Kind kind, String label, int line) {

    enum Kind { DEFAULT, FILE, ENV, CLI }

    static final ValueSource DEFAULT = new ValueSource(Kind.DEFAULT, "default", 0);

    static ValueSource file(String fileName, TomlPosition position) {
        return new ValueSource(Kind.FILE, fileName, position == null ? 0 : position.line());
    }

    static ValueSource env(String variable) {
        return new ValueSource(Kind.ENV, variable, 0);
    }

    static ValueSource cli(String option) {
        return new ValueSource(Kind.CLI, option, 0);
    }

    /** The same file at a more precise position; env and CLI sources have no positions to refine. */
    ValueSource at(TomlPosition position) {
        return kind == Kind.FILE && position != null ? new ValueSource(kind, label, position.line()) : this;
    }

    /** For messages: {@code (quarry.toml line 14)}, {@code (from env QUARRY_X)}, {@code (from --set)}. */
    String describe() {
        return switch (kind) {
            case DEFAULT -> "(default)";
            case FILE -> line > 0 ? "(" + label + " line " + line + ")" : "(" + label + ")";
            case ENV -> "(from env " + label + ")";
            case CLI -> "(from " + label + ")";
        };
    }

    /** For {@code config show}: {@code quarry.toml:14}, {@code env QUARRY_X}, {@code --set}, {@code default}. */
    String comment() {
        return switch (kind) {
            case DEFAULT -> "default";
            case FILE -> line > 0 ? label + ":" + line : label;
            case ENV -> "env " + label;
            case CLI -> label;
        };
    }
}
