package io.quarry.poies.model;

import java.util.Objects;

/** Field checks shared by the model records; each failure is a {@link SchemaException} naming the field. */
final class Fields {

    private Fields() {
    }

    static Bytes bytes(Bytes value, int length, String path) {
        Objects.requireNonNull(value, path);
        if (value.length() != length) {
            throw new SchemaException(path + ": expected " + length + " bytes, found " + value.length());
        }
        return value;
    }

    static long nonNegative(long value, String path) {
        if (value < 0) {
            throw new SchemaException(path + ": must be >= 0, was " + value);
        }
        return value;
    }

    static long inRange(long value, long min, long max, String path) {
        if (value < min || value > max) {
            throw new SchemaException(path + ": must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /**
     * Checks a string of {@code minLength..maxLength} characters drawn from {@code alphabet} (ASCII only, so
     * the length in characters is the length in bytes of its canonical encoding).
     */
    static String ascii(String value, int minLength, int maxLength, Alphabet alphabet, String path) {
        Objects.requireNonNull(value, path);
        if (value.length() < minLength || value.length() > maxLength) {
            throw new SchemaException(path + ": expected " + minLength + ".." + maxLength + " characters, found "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (!alphabet.allows(value.charAt(i))) {
                throw new SchemaException(path + ": character " + i + " is not allowed (" + alphabet.description
                        + "): " + Bytes.preview(value));
            }
        }
        return value;
    }

    /** The character sets the template's string fields may use. */
    enum Alphabet {
        /** Lowercase letters and digits: bech32-style addresses ({@code anim1...}). */
        LOWER_ALNUM("a-z, 0-9"),
        /** Identifiers chosen by a node: letters, digits and {@code . _ : -}. */
        IDENTIFIER("A-Z, a-z, 0-9, '.', '_', ':', '-'"),
        /** Printable ASCII without space. */
        PRINTABLE("printable ASCII without space");

        private final String description;

        Alphabet(String description) {
            this.description = description;
        }

        boolean allows(char c) {
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            return switch (this) {
                case LOWER_ALNUM -> alnum;
                case IDENTIFIER -> alnum || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == ':' || c == '-';
                case PRINTABLE -> c > 0x20 && c < 0x7f;
            };
        }
    }
}
