package io.quarry.poies.model;

/**
 * The 64-bit nonce of the share digest ({@code docs/poies-canonical-header.md} section 3). It is hashed as 8 bytes
 * big-endian, and written on the wire as {@code 0x} and exactly 16 hex digits: the same bytes in the same order. All
 * 2^64 values are valid; Java holds the ones above 2^63 as negative {@code long}s.
 */
public final class Nonce {

    /** Bytes of a nonce. */
    public static final int LENGTH = 8;

    private Nonce() {
    }

    /** The 8 big-endian bytes hashed for {@code nonce}. */
    public static byte[] toBytes(long nonce) {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = (byte) (nonce >>> (56 - 8 * i));
        }
        return out;
    }

    /** The wire form: {@code 0x} and 16 lowercase hex digits. */
    public static String toHex(long nonce) {
        return "0x" + String.format("%016x", nonce);
    }

    /**
     * Parses the wire form.
     *
     * @param path where the value sits, for the message
     * @throws SchemaException unless the text is {@code 0x} and exactly 16 hex digits
     */
    public static long parseHex(String text, String path) {
        Bytes bytes = Bytes.parseHex(text, LENGTH, path);
        long nonce = 0;
        for (int i = 0; i < LENGTH; i++) {
            nonce = (nonce << 8) | (bytes.get(i) & 0xff);
        }
        return nonce;
    }
}
