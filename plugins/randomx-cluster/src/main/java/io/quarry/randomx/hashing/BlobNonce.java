package io.quarry.randomx.hashing;

import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The nonce inside a Monero hashing blob: 4 bytes, little-endian, at offset 39 (Monero Stratum and the block
 * header layout: major and minor version, timestamp varint and the 32-byte previous id come first, which puts the
 * nonce at byte 39 for current timestamps; XMRig and monerod use the same offset).
 */
public final class BlobNonce {

    /** Offset of the nonce in a hashing blob. */
    public static final int OFFSET = 39;
    /** Bytes of nonce. */
    public static final int SIZE = 4;
    /** One past the largest nonce. */
    public static final long LIMIT = 1L << 32;

    private BlobNonce() {
    }

    /** Writes {@code nonce} (0 .. 2^32-1) into {@code blob} at {@link #OFFSET}, little-endian. */
    public static void write(byte[] blob, long nonce) {
        check(blob);
        checkNonce(nonce);
        for (int i = 0; i < SIZE; i++) {
            blob[OFFSET + i] = (byte) (nonce >>> (8 * i));
        }
    }

    /** The nonce in {@code blob}. */
    public static long read(byte[] blob) {
        check(blob);
        long nonce = 0;
        for (int i = 0; i < SIZE; i++) {
            nonce |= (blob[OFFSET + i] & 0xFFL) << (8 * i);
        }
        return nonce;
    }

    /** The nonce as Monero Stratum submits it: the 4 blob bytes in hex, e.g. 1 is {@code "01000000"}. */
    public static String hex(long nonce) {
        checkNonce(nonce);
        return HexFormat.of().toHexDigits(Integer.reverseBytes((int) nonce));
    }

    /** The int to store with a native-order 4-byte write so the bytes land little-endian. */
    static int nativeInt(long nonce) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? (int) nonce : Integer.reverseBytes((int) nonce);
    }

    /** Rejects blobs too short to hold a nonce. */
    static void check(byte[] blob) {
        if (blob.length < OFFSET + SIZE) {
            throw new IllegalArgumentException("a hashing blob needs at least " + (OFFSET + SIZE)
                    + " bytes to hold the nonce at offset " + OFFSET + ", was " + blob.length);
        }
    }

    private static void checkNonce(long nonce) {
        if (nonce < 0 || nonce >= LIMIT) {
            throw new IllegalArgumentException("nonce must be in [0, 2^32), was " + nonce);
        }
    }
}
