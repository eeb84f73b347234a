package io.quarry.poies.model;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable byte string: hashes, roots, seeds and nullifiers. On the wire ({@code docs/poies-canonical-header.md})
 * these are {@code 0x}-prefixed hex strings; {@link #toString()} writes lowercase hex, {@link #parseHex} accepts
 * either case but nothing else (no missing prefix, no odd digit count, no whitespace).
 */
public final class Bytes {

    private static final HexFormat HEX = HexFormat.of();

    /** Thirty-two zero bytes (the root of an empty list). */
    public static final Bytes ZERO32 = new Bytes(new byte[32]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Bytes(bytes.clone());
    }

    /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static Bytes of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * Parses {@code 0x}-prefixed hex of exactly {@code length} bytes.
     *
     * @param path where the value sits, for the message
     * @throws SchemaException when the text is not that
     */
    public static Bytes parseHex(String text, int length, String path) {
        return parseHex(text, length, length, path);
    }

    /**
     * Parses {@code 0x}-prefixed hex of {@code minLength} to {@code maxLength} bytes.
     *
     * @param path where the value sits, for the message
     * @throws SchemaException when the text is not that
     */
    public static Bytes parseHex(String text, int minLength, int maxLength, String path) {
        Objects.requireNonNull(text, "text");
        if (text.length() < 2 || text.charAt(0) != '0' || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
            throw new SchemaException(path + ": expected 0x-prefixed hex, found " + preview(text));
        }
        int digits = text.length() - 2;
        if (digits % 2 != 0 || digits / 2 < minLength || digits / 2 > maxLength) {
            String expected = minLength == maxLength ? String.valueOf(minLength) : minLength + ".." + maxLength;
            throw new SchemaException(path + ": expected " + expected + " bytes of hex, found " + digits + " digits");
        }
        for (int i = 2; i < text.length(); i++) {
            if (!isHexDigit(text.charAt(i))) {
                throw new SchemaException(path + ": not a hex digit at index " + i + " of " + preview(text));
            }
        }
        return new Bytes(HEX.parseHex(text, 2, text.length()));
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** Byte {@code index}. */
    public byte get(int index) {
        return bytes[index];
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** Copies the bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** Whether the bytes equal {@code other} (constant time is not needed: nothing here is secret). */
    public boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /** Lowercase hex without prefix. */
    public String hexDigits() {
        return HEX.formatHex(bytes);
    }

    /** {@code 0x} and lowercase hex: the wire form. */
    @Override
    public String toString() {
        return "0x" + HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static String preview(String text) {
        return text.length() <= 24 ? '"' + text + '"' : '"' + text.substring(0, 24) + "...\" (" + text.length() + " chars)";
    }
}
