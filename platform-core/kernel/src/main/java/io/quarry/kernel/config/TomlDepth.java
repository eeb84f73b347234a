package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;

/**
 * Refuses TOML text that nests arrays and inline tables deeper than any configuration needs, before the
 * parser sees it: tomlj descends recursively, and a thousand levels end in a {@code StackOverflowError}
 * instead of a configuration error. Brackets inside strings and comments do not count.
 */
final class TomlDepth {

    /** Deeper than any Quarry key needs (the deepest, a map of records of lists, is three or four). */
    static final int MAX = 64;

    private TomlDepth() {
    }

    /**
     * Throws a {@link ConfigException} naming {@code where} and the line when {@code text} nests more than
     * {@link #MAX} levels.
     */
    static void check(String text, String where) {
        int depth = 0;
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                boolean multi = text.startsWith(String.valueOf(c).repeat(3), i);
                String close = multi ? String.valueOf(c).repeat(3) : String.valueOf(c);
                i += close.length();
                while (i < n && !text.startsWith(close, i)) {
                    if (text.charAt(i) == '\n') {
                        line++;
                    }
                    // Only basic strings have escapes; a backslash there hides the next character.
                    i += c == '"' && text.charAt(i) == '\\' ? 2 : 1;
                }
                i += close.length();
            } else {
                if (c == '[' || c == '{') {
                    if (++depth > MAX) {
                        throw new ConfigException(null, where + " nests arrays or tables more than " + MAX
                                + " levels deep (line " + line + "); no configuration value needs that");
                    }
                } else if ((c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                i++;
            }
        }
    }
}
